import type { Element, Media, Message } from '@parley/core';
import { TYPES } from '../constants.js';
import type { TYPES as TypesEnum } from '../enums.js';

/** Makes a media URL absolute (the server may hand out paths). */
export type UrlOf = (url: string) => string;

const IMAGE_FORMAT: Record<string, number> = { jpg: 1, jpeg: 1, gif: 2, png: 3, bmp: 4 };

function formatOf(media: Media | null | undefined): string {
  const fromMime = media?.mime?.split('/')[1] ?? '';
  return (media?.format || fromMime || media?.fileName?.split('.').pop() || '').toLowerCase();
}

/** `imageInfoArray`: original, large and thumbnail, as tim-js-sdk lists them. */
function imageInfoArray(media: Media | null | undefined, thumb: Media | null | undefined, urlOf: UrlOf): unknown[] {
  const renditions = media?.renditions ?? [];
  const pick = (kind: number) => renditions.find((r) => (r.kind ?? 0) === kind);
  const original = { url: media?.url ?? '', width: media?.width ?? 0, height: media?.height ?? 0, size: Number(media?.size ?? 0) };
  const large = pick(1) ?? original;
  const small = pick(2) ?? (thumb ? { url: thumb.url, width: thumb.width, height: thumb.height, size: thumb.size } : large);
  return [original, large, small].map((r, type) => {
    const url = urlOf(r.url ?? '');
    return { sizeType: type + 1, type, size: Number(r.size ?? 0), width: r.width ?? 0, height: r.height ?? 0, imageUrl: url, url };
  });
}

/** The TIM `type` and `payload` of one element, or undefined for control entries a TIM app never sees. */
export function toPayload(element: Element, urlOf: UrlOf = (u) => u): { type: TypesEnum; payload: Record<string, unknown> } | undefined {
  if (element.text) return { type: TYPES.MSG_TEXT, payload: { text: element.text.text ?? '' } };
  if (element.image) {
    const media = element.image.media;
    return {
      type: TYPES.MSG_IMAGE,
      payload: { imageFormat: IMAGE_FORMAT[formatOf(media)] ?? 255, uuid: media?.mediaId ?? '', imageInfoArray: imageInfoArray(media, element.image.thumb, urlOf) },
    };
  }
  if (element.audio) {
    const media = element.audio.media;
    const url = urlOf(media?.url ?? '');
    return {
      type: TYPES.MSG_AUDIO,
      payload: { downloadFlag: 2, second: Math.round(media?.durationSec ?? 0), size: Number(media?.size ?? 0), url, remoteAudioUrl: url, uuid: media?.mediaId ?? '' },
    };
  }
  if (element.video) {
    const media = element.video.media;
    const thumb = element.video.thumb;
    const url = urlOf(media?.url ?? '');
    const thumbUrl = urlOf(thumb?.url ?? '');
    return {
      type: TYPES.MSG_VIDEO,
      payload: {
        videoFormat: formatOf(media),
        videoSecond: Math.round(media?.durationSec ?? 0),
        videoSize: Number(media?.size ?? 0),
        videoUrl: url,
        remoteVideoUrl: url,
        videoDownloadFlag: 2,
        videoUUID: media?.mediaId ?? '',
        thumbUUID: thumb?.mediaId ?? '',
        thumbFormat: formatOf(thumb),
        thumbWidth: thumb?.width ?? 0,
        thumbHeight: thumb?.height ?? 0,
        thumbSize: Number(thumb?.size ?? 0),
        thumbDownloadFlag: 2,
        thumbUrl,
        snapshotUrl: thumbUrl,
        snapshotWidth: thumb?.width ?? 0,
        snapshotHeight: thumb?.height ?? 0,
        snapshotSize: Number(thumb?.size ?? 0),
      },
    };
  }
  if (element.file) {
    const media = element.file.media;
    return { type: TYPES.MSG_FILE, payload: { downloadFlag: 2, fileUrl: urlOf(media?.url ?? ''), uuid: media?.mediaId ?? '', fileName: media?.fileName ?? '', fileSize: Number(media?.size ?? 0) } };
  }
  if (element.location) {
    const l = element.location;
    return { type: TYPES.MSG_LOCATION, payload: { description: l.description ?? '', longitude: l.longitude ?? 0, latitude: l.latitude ?? 0 } };
  }
  if (element.face) return { type: TYPES.MSG_FACE, payload: { index: element.face.index ?? 0, data: element.face.data ?? '' } };
  if (element.custom) {
    const c = element.custom;
    return { type: TYPES.MSG_CUSTOM, payload: { data: c.data || c.json || '', description: c.description ?? '', extension: c.extension ?? '' } };
  }
  if (element.merger) {
    const m = element.merger;
    return {
      type: TYPES.MSG_MERGER,
      payload: {
        downloadKey: m.relay?.mediaId ?? '',
        pbDownloadKey: '',
        messageList: (m.messages ?? []).map((inner) => mergerItem(inner, urlOf)),
        title: m.title ?? '',
        abstractList: m.abstracts ?? [],
        compatibleText: m.compatibleText ?? '',
        version: 0,
        layersOverLimit: false,
      },
    };
  }
  // Content of other vendors that TIM has no element for: shown the way TIM shows unknown content.
  if (element.quote) return { type: TYPES.MSG_TEXT, payload: { text: element.quote.text ?? '' } };
  if (element.card) return { type: TYPES.MSG_CUSTOM, payload: { data: element.card.json ?? '', description: 'card', extension: '' } };
  return undefined;
}

/** A message embedded in a merger (the wire's message, possibly without the local fields). */
export interface MergedMessage {
  elements?: Element[] | null | undefined;
  convId?: string | null | undefined;
  senderId?: string | null | undefined;
  clientMsgId?: string | null | undefined;
  serverMsgId?: string | null | undefined;
  seq?: number | null | undefined;
  time?: number | null | undefined;
  clientTime?: number | null | undefined;
  cloudCustomData?: string | null | undefined;
  sender?: Message['sender'] | undefined;
}

/** The `random` of a TIM-style id (`tiny-seconds-random`), else a stable hash of the id (0..1e8). */
export function randomOfId(id: string): number {
  const fromId = /^\d*-\d+-(\d+)$/.exec(id)?.[1];
  if (fromId) return Number(fromId);
  let hash = 0;
  for (const ch of id) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return hash % 100_000_000;
}

/**
 * An entry of a merger's `payload.messageList` as tim-js-sdk shapes it: the sender, times and
 * ids, and the first element as `messageBody: [{ type, payload }]`.
 */
export function mergerItem(message: MergedMessage, urlOf: UrlOf = (u) => u): Record<string, unknown> {
  const first = message.elements?.[0];
  const converted = first ? toPayload(first, urlOf) : undefined;
  const convId = message.convId ?? '';
  const target = convId.slice(convId.indexOf(':') + 1);
  const from = message.senderId ?? '';
  const seq = Number(message.seq ?? 0);
  const id = message.clientMsgId || message.serverMsgId || '';
  const receiver = convId.startsWith('c2c:') ? (target === from ? '' : target) : target;
  return {
    ID: id,
    from,
    messageSender: from,
    nick: message.sender?.nickname ?? '',
    avatar: message.sender?.avatar ?? '',
    time: Math.floor(Number(message.time ?? 0) / 1000),
    clientTime: Math.floor(Number(message.clientTime ?? 0) / 1000),
    messageSequence: seq,
    clientSequence: seq,
    messageRandom: randomOfId(message.serverMsgId || id),
    cloudCustomData: message.cloudCustomData ?? '',
    messageBody: converted ? [{ type: converted.type, payload: converted.payload }] : [],
    messageReceiver: receiver,
    ...(convId.startsWith('c2c:') ? { receiverUserID: receiver } : { receiverGroupID: target }),
  };
}

const str = (value: unknown): string => (typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value));
const num = (value: unknown): number => (Number.isFinite(Number(value)) ? Number(value) : 0);

/** A media record from what a TIM payload says about uploaded media (url, id, size, …). */
function uploaded(kind: number, url: unknown, extra: Media): Media | undefined {
  const media: Media = { kind };
  // Zeros and empty strings are "unknown" on the wire: leave them out.
  for (const [key, value] of Object.entries(extra)) if (value) (media as Record<string, unknown>)[key] = value;
  if (str(url)) media.url = str(url);
  return media.url || media.mediaId ? media : undefined;
}

/**
 * The core element of a TIM `type`/`payload` (the reverse of {@link toPayload}): what
 * `modifyMessage` sends, and what forwarding a message this client never held rebuilds.
 * Undefined for types an app cannot write (group tips, notices, mergers) or media whose URL is
 * unknown.
 */
export function toElement(type: string, payload: Record<string, unknown> | undefined): Element | undefined {
  const p = payload ?? {};
  switch (type) {
    case TYPES.MSG_TEXT:
      return { text: { text: str(p.text) } };
    case TYPES.MSG_FACE:
      return { face: { index: num(p.index), data: str(p.data) } };
    case TYPES.MSG_CUSTOM:
      return { custom: { data: str(p.data), description: str(p.description), extension: str(p.extension) } };
    case TYPES.MSG_LOCATION:
      return { location: { description: str(p.description), longitude: num(p.longitude), latitude: num(p.latitude) } };
    case TYPES.MSG_IMAGE: {
      const info = (Array.isArray(p.imageInfoArray) ? p.imageInfoArray[0] : undefined) as Record<string, unknown> | undefined;
      const media = uploaded(1, info?.url ?? info?.imageUrl, { mediaId: str(p.uuid), width: num(info?.width), height: num(info?.height), size: num(info?.size) });
      return media && { image: { media } };
    }
    case TYPES.MSG_AUDIO: {
      const media = uploaded(2, p.remoteAudioUrl || p.url, { mediaId: str(p.uuid), size: num(p.size), durationSec: num(p.second) });
      return media && { audio: { media } };
    }
    case TYPES.MSG_VIDEO: {
      const media = uploaded(3, p.remoteVideoUrl || p.videoUrl, { mediaId: str(p.videoUUID), size: num(p.videoSize), durationSec: num(p.videoSecond) });
      const thumb = uploaded(1, p.thumbUrl, { mediaId: str(p.thumbUUID), width: num(p.thumbWidth), height: num(p.thumbHeight), size: num(p.thumbSize) });
      return media && { video: { media, ...(thumb && { thumb }) } };
    }
    case TYPES.MSG_FILE: {
      const media = uploaded(0, p.fileUrl, { mediaId: str(p.uuid), fileName: str(p.fileName), size: num(p.fileSize) });
      return media && { file: { media } };
    }
    default:
      return undefined;
  }
}
