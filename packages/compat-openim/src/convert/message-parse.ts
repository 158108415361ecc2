import { type Content, type Element, fallbackText, type Media, type Mentions } from '@parley/core';
import { MessageType } from '../constants.js';
import { OpenImCode, OpenImError } from '../errors.js';
import { coreConvId, Session } from '../ids.js';
import type { Entry, Item } from './message-elem.js';
import { textContent } from './text.js';

const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
const num = (v: unknown): number => (Number.isFinite(Number(v)) ? Number(v) : 0);
const obj = (v: unknown): Record<string, unknown> | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);

/** A JSON text parsed, or undefined. */
function json(text: unknown): unknown {
  if (typeof text !== 'string' || text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The elem a content type fills: the item's `*Elem`, else the `content` JSON (a MessageItem
 * written by hand may carry only one of them).
 */
function elemOf(item: Item, key: string): Record<string, unknown> {
  const elem = obj(item[key]);
  if (elem && !isZero(elem)) return elem;
  return obj(json(item.content)) ?? elem ?? {};
}

/** Whether a value is its zero value throughout (an elem the vendor left empty). */
function isZero(value: unknown): boolean {
  const o = obj(value);
  if (o) return Object.values(o).every(isZero);
  return Array.isArray(value) ? value.length === 0 : !value;
}

/** A media record from what an elem says about uploaded media; zeros and empty strings mean "unknown". */
function media(kind: number, fields: Media): Media {
  const out: Media = { kind };
  for (const [key, value] of Object.entries(fields)) if (value) (out as Record<string, unknown>)[key] = value;
  return out;
}

function pictureMedia(p: unknown): Media {
  const pic = obj(p) ?? {};
  return media(1, { url: str(pic.url), mediaId: str(pic.uuid), width: num(pic.width), height: num(pic.height), size: num(pic.size), format: str(pic.type) });
}

function imageElement(elem: Record<string, unknown>): Element {
  const source = pictureMedia(elem.sourcePicture);
  const big = obj(elem.bigPicture);
  if (big && str(big.url) && str(big.url) !== source.url) {
    source.renditions = [{ kind: 1, url: str(big.url), width: num(big.width), height: num(big.height), size: num(big.size) }];
  }
  const snapshot = obj(elem.snapshotPicture);
  return { image: { media: source, ...(snapshot && str(snapshot.url) && { thumb: pictureMedia(snapshot) }) } };
}

/** A MessageItem argument (a parsed object) as an embedded snapshot: quotes and mergers carry these. */
export function snapshotOfItem(item: Item, self: string): Entry {
  const sendID = str(item.sendID);
  const sessionType = num(item.sessionType);
  const groupID = str(item.groupID);
  const peer = sendID === self ? str(item.recvID) : sendID;
  const convId = sessionType === Session.GROUP || (sessionType === 0 && groupID) ? coreConvId(Session.GROUP, groupID) : sessionType === Session.SINGLE ? coreConvId(Session.SINGLE, peer) : '';
  const content = contentOfItem(item, self, true);
  const entry: Entry = {
    clientMsgId: str(item.clientMsgID),
    serverMsgId: str(item.serverMsgID),
    convId,
    seq: num(item.seq),
    senderId: sendID,
    sender: { nickname: str(item.senderNickname), avatar: str(item.senderFaceUrl), platform: num(item.platformID) },
    time: num(item.sendTime),
    clientTime: num(item.createTime),
    elements: content.elements,
    fallbackText: content.fallbackText,
  };
  if (content.mentions) entry.mentions = content.mentions;
  if (str(item.ex)) entry.cloudCustomData = str(item.ex);
  return entry;
}

/**
 * The canonical content of a MessageItem (the reverse of `messageItem`): what a send, a local
 * insert or a forward of an item the shim never made carries.
 * @throws {OpenImError} 202 `contentType not currently supported` for a content type no app can send
 *   (revoke tips, receipts, typing, notifications) unless `embedded` (then it becomes its text).
 */
export function contentOfItem(item: Item, self: string, embedded = false): Content {
  const type = num(item.contentType);
  const done = (elements: Element[], mentions?: Mentions): Content => ({ elements, fallbackText: fallbackText({ elements }), ...(mentions && { mentions }) });
  switch (type) {
    case MessageType.TEXTMESSAGE:
      return textContent(str(item.content));
    case MessageType.ATTEXTMESSAGE: {
      const at = elemOf(item, 'atElem');
      const userIds = Array.isArray(at.atUserList) ? at.atUserList.map(str).filter(Boolean) : [];
      return done([{ text: { text: str(at.text) } }], userIds.length ? { userIds, all: false } : undefined);
    }
    case MessageType.PICTUREMESSAGE:
      return done([imageElement(elemOf(item, 'pictureElem'))]);
    case MessageType.VOICEMESSAGE: {
      const s = elemOf(item, 'soundElem');
      return done([{ audio: { media: media(2, { url: str(s.sourceUrl), mediaId: str(s.uuid), size: num(s.dataSize), durationSec: num(s.duration) }) } }]);
    }
    case MessageType.VIDEOMESSAGE: {
      const v = elemOf(item, 'videoElem');
      const video = media(3, { url: str(v.videoUrl), mediaId: str(v.videoUUID), size: num(v.videoSize), durationSec: num(v.duration), format: str(v.videoType) });
      const thumb = str(v.snapshotUrl) ? media(1, { url: str(v.snapshotUrl), mediaId: str(v.snapshotUUID), size: num(v.snapshotSize), width: num(v.snapshotWidth), height: num(v.snapshotHeight) }) : undefined;
      return done([{ video: { media: video, ...(thumb && { thumb }) } }]);
    }
    case MessageType.FILEMESSAGE: {
      const f = elemOf(item, 'fileElem');
      return done([{ file: { media: media(0, { url: str(f.sourceUrl), mediaId: str(f.uuid), size: num(f.fileSize), fileName: str(f.fileName) }) } }]);
    }
    case MessageType.MERGERMESSAGE: {
      const m = elemOf(item, 'mergeElem');
      const title = str(m.title);
      const messages = (Array.isArray(m.multiMessage) ? m.multiMessage : []).map((inner) => obj(typeof inner === 'string' ? json(inner) : inner)).filter((inner) => inner !== undefined);
      const abstracts = Array.isArray(m.abstractList) ? m.abstractList.map(str) : [];
      return done([{ merger: { title, abstracts, compatibleText: `[Chat History] ${title}`, messages: messages.map((inner) => snapshotOfItem(inner, self)) } }]);
    }
    case MessageType.CARDMESSAGE:
      return done([{ card: { json: str(item.content) } }]);
    case MessageType.LOCATIONMESSAGE: {
      const l = elemOf(item, 'locationElem');
      return done([{ location: { description: str(l.description), longitude: num(l.longitude), latitude: num(l.latitude) } }]);
    }
    case MessageType.CUSTOMMESSAGE: {
      const c = elemOf(item, 'customElem');
      return done([{ custom: { data: str(c.data), description: str(c.description), extension: str(c.extension) } }]);
    }
    case MessageType.QUOTEMESSAGE: {
      const q = elemOf(item, 'quoteElem');
      const quoted = obj(typeof q.quoteMessage === 'string' ? json(q.quoteMessage) : q.quoteMessage);
      return done([{ quote: { text: str(q.text), ...(quoted && { quoted: snapshotOfItem(quoted, self) }) } }]);
    }
    case MessageType.FACEMESSAGE: {
      const f = elemOf(item, 'faceElem');
      return done([{ face: { index: num(f.index), data: str(f.data) } }]);
    }
    default:
      if (embedded) return done([{ text: { text: str(item.content) } }]);
      throw new OpenImError(OpenImCode.GROUP, 'contentType not currently supported');
  }
}
