import type { Element, Media, Message, snapshotMessage } from '@parley/core';
import { MessageType } from '../constants.js';

/** A 2.x `MessageItem` (openim.md §4.1) as a plain object. */
export type Item = Record<string, unknown>;

/** A message as the converters read it: a core message, or a snapshot embedded in a quote or merger. */
export type Entry = ReturnType<typeof snapshotMessage> & { status?: Message['status'] };

/** Turns an embedded snapshot (quote, merger) into a MessageItem. */
export type Embed = (snapshot: Entry) => Item;

/** What a message's content is in OpenIM terms: its `contentType`, `content` and the filled elem. */
export interface ItemContent {
  contentType: number;
  content: string;
  /** The `*Elem` key this content fills, and its value; absent for text, card, typing and tips. */
  elem?: [key: string, value: Record<string, unknown>];
}

/** A `Picture` (openim.md §4.1). */
export interface Picture {
  uuid: string;
  type: string;
  size: number;
  width: number;
  height: number;
  url: string;
}

const picture = (p: Partial<Picture> = {}): Picture => ({ uuid: '', type: '', size: 0, width: 0, height: 0, url: '', ...p });

/**
 * Every elem a MessageItem carries, zero-valued: the vendor serialises the elems of other
 * content types as zero structs (empty Go slices and pointers as `null`), never omits them.
 */
export function zeroElems(): Item {
  return {
    pictureElem: { sourcePath: '', sourcePicture: picture(), bigPicture: picture(), snapshotPicture: picture() },
    soundElem: { uuid: '', soundPath: '', sourceUrl: '', dataSize: 0, duration: 0 },
    videoElem: {
      videoPath: '',
      videoUUID: '',
      videoUrl: '',
      videoType: '',
      videoSize: 0,
      duration: 0,
      snapshotPath: '',
      snapshotUUID: '',
      snapshotSize: 0,
      snapshotUrl: '',
      snapshotWidth: 0,
      snapshotHeight: 0,
    },
    fileElem: { filePath: '', uuid: '', sourceUrl: '', fileName: '', fileSize: 0 },
    faceElem: { index: 0, data: '' },
    mergeElem: { title: '', abstractList: null, multiMessage: null },
    atElem: { text: '', atUserList: null, isAtSelf: false },
    locationElem: { description: '', longitude: 0, latitude: 0 },
    customElem: { data: '', description: '', extension: '' },
    quoteElem: { text: '', quoteMessage: null },
    notificationElem: { detail: '', defaultTips: '' },
  };
}

/** The format tag of a media record: its own, else the mime subtype, else the file extension. */
function formatOf(media: Media | null | undefined): string {
  return (media?.format || media?.mime?.split('/')[1] || '').toLowerCase();
}

function pictureOf(media: Media | null | undefined, uuid = media?.mediaId ?? ''): Picture {
  return picture({ uuid, type: formatOf(media), size: Number(media?.size ?? 0), width: media?.width ?? 0, height: media?.height ?? 0, url: media?.url ?? '' });
}

/**
 * `pictureElem`: the original is the media itself; the big picture is the `large` rendition
 * (else the original); the snapshot is the element's `thumb` (OpenIM senders put the snapshot
 * there, so its uuid survives), else the `thumb` rendition, else the big picture.
 */
function pictureElem(media: Media | null | undefined, thumb: Media | null | undefined): Record<string, unknown> {
  const source = pictureOf(media);
  const rendition = (kind: number) => media?.renditions?.find((r) => (r.kind ?? 0) === kind);
  const large = rendition(1);
  const big = large ? picture({ type: source.type, size: Number(large.size ?? 0), width: large.width ?? 0, height: large.height ?? 0, url: large.url ?? '' }) : { ...source };
  const small = rendition(2);
  const snapshot = thumb ? pictureOf(thumb) : small ? picture({ type: source.type, size: Number(small.size ?? 0), width: small.width ?? 0, height: small.height ?? 0, url: small.url ?? '' }) : { ...big };
  return { sourcePath: '', sourcePicture: source, bigPicture: big, snapshotPicture: snapshot };
}

/** Group tip kinds (the wire's `GroupTipKind`) as 2.0.3 notification content types. */
const TIP_TYPES: Record<number, number> = {
  1: MessageType.MEMBERENTER,
  2: MessageType.MEMBERQUIT,
  3: MessageType.MEMBERKICKED,
  6: MessageType.GROUPINFOUPDATED,
  12: MessageType.GROUPCREATED,
  13: MessageType.MEMBERINVITED,
  14: MessageType.GROUPOWNERTRANSFERRED,
  15: MessageType.GROUPDISMISSED,
};

function tipContent(element: Element, now: number): ItemContent {
  const tip = element.groupTip ?? {};
  const kind = tip.tip ?? 0;
  let contentType = TIP_TYPES[kind] ?? MessageType.GROUPINFOUPDATED;
  if (kind === 7 && tip.memberChanges?.some((c) => c.muteUntil !== undefined && c.muteUntil !== null)) {
    contentType = tip.memberChanges.some((c) => Number(c.muteUntil ?? 0) > now) ? MessageType.GROUPMEMBERMUTED : MessageType.GROUPMEMBERCANCELMUTED;
  }
  const detail = JSON.stringify({
    opUserID: tip.operatorId ?? '',
    userIDList: tip.userIds ?? [],
    memberCount: tip.memberCount ?? 0,
    reason: tip.reason ?? '',
    profileChanges: tip.profileChanges ?? {},
  });
  const elem = { detail, defaultTips: tip.text ?? '' };
  return { contentType, content: JSON.stringify(elem), elem: ['notificationElem', elem] };
}

function withElem(contentType: number, key: string, value: Record<string, unknown>): ItemContent {
  return { contentType, content: JSON.stringify(value), elem: [key, value] };
}

/**
 * The OpenIM content of one element (openim.md §4.2; CAPABILITIES.md §1.12). `self` decides
 * `atElem.isAtSelf`; `embed` converts the messages a quote or merger carries. Undefined for an
 * element OpenIM has no form for (modify and extension control entries).
 */
export function elementContent(element: Element, message: Pick<Entry, 'mentions'>, self: string, embed: Embed, now = Date.now()): ItemContent | undefined {
  if (element.text) {
    const text = element.text.text ?? '';
    const mentions = message.mentions;
    const userIds = mentions?.userIds ?? [];
    if (userIds.length === 0 && !mentions?.all) return { contentType: MessageType.TEXTMESSAGE, content: text };
    const atElem = { text, atUserList: [...userIds], isAtSelf: false };
    return { contentType: MessageType.ATTEXTMESSAGE, content: JSON.stringify(atElem), elem: ['atElem', { ...atElem, isAtSelf: mentions?.all === true || userIds.includes(self) }] };
  }
  if (element.image) return withElem(MessageType.PICTUREMESSAGE, 'pictureElem', pictureElem(element.image.media, element.image.thumb));
  if (element.audio) {
    const m = element.audio.media;
    return withElem(MessageType.VOICEMESSAGE, 'soundElem', { uuid: m?.mediaId ?? '', soundPath: '', sourceUrl: m?.url ?? '', dataSize: Number(m?.size ?? 0), duration: Math.round(m?.durationSec ?? 0) });
  }
  if (element.video) {
    const m = element.video.media;
    const t = element.video.thumb;
    return withElem(MessageType.VIDEOMESSAGE, 'videoElem', {
      videoPath: '',
      videoUUID: m?.mediaId ?? '',
      videoUrl: m?.url ?? '',
      videoType: formatOf(m),
      videoSize: Number(m?.size ?? 0),
      duration: Math.round(m?.durationSec ?? 0),
      snapshotPath: '',
      snapshotUUID: t?.mediaId ?? '',
      snapshotSize: Number(t?.size ?? 0),
      snapshotUrl: t?.url ?? '',
      snapshotWidth: t?.width ?? 0,
      snapshotHeight: t?.height ?? 0,
    });
  }
  if (element.file) {
    const m = element.file.media;
    return withElem(MessageType.FILEMESSAGE, 'fileElem', { filePath: '', uuid: m?.mediaId ?? '', sourceUrl: m?.url ?? '', fileName: m?.fileName ?? '', fileSize: Number(m?.size ?? 0) });
  }
  if (element.merger) {
    const m = element.merger;
    return withElem(MessageType.MERGERMESSAGE, 'mergeElem', { title: m.title ?? '', abstractList: [...(m.abstracts ?? [])], multiMessage: (m.messages ?? []).map((inner) => embed(inner)) });
  }
  if (element.card) return { contentType: MessageType.CARDMESSAGE, content: element.card.json ?? '' };
  if (element.location) {
    const l = element.location;
    return withElem(MessageType.LOCATIONMESSAGE, 'locationElem', { description: l.description ?? '', longitude: l.longitude ?? 0, latitude: l.latitude ?? 0 });
  }
  if (element.custom) {
    const c = element.custom;
    return withElem(MessageType.CUSTOMMESSAGE, 'customElem', { data: c.data || c.json || '', description: c.description ?? '', extension: c.extension ?? '' });
  }
  if (element.quote) {
    const q = element.quote;
    return withElem(MessageType.QUOTEMESSAGE, 'quoteElem', { text: q.text ?? '', quoteMessage: q.quoted ? embed(q.quoted) : null });
  }
  if (element.face) return withElem(MessageType.FACEMESSAGE, 'faceElem', { index: element.face.index ?? 0, data: element.face.data ?? '' });
  if (element.revokeTip) return { contentType: MessageType.REVOKEMESSAGE, content: element.revokeTip.target?.clientMsgId || element.revokeTip.target?.serverMsgId || '' };
  if (element.receipt) {
    const ids = (element.receipt.refs ?? []).map((r) => r.clientMsgId || r.serverMsgId || '');
    return { contentType: MessageType.HASREADRECEIPTMESSAGE, content: JSON.stringify(ids) };
  }
  if (element.typing) return { contentType: MessageType.TYPINGMESSAGE, content: element.typing.text ?? '' };
  if (element.groupTip) return tipContent(element, now);
  if (element.notice) {
    const n = element.notice;
    const elem = { detail: JSON.stringify({ kind: n.kind ?? 0, groupID: n.groupId ?? '', opUserID: n.operatorId ?? '', userIDList: n.userIds ?? [], text: n.text ?? '', data: n.data ?? '' }), defaultTips: n.text ?? '' };
    return { contentType: MessageType.NOTIFICATION, content: JSON.stringify(elem), elem: ['notificationElem', elem] };
  }
  return undefined;
}
