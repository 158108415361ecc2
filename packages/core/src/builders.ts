import type { parley } from '@parley/protocol';
import { ClientCode } from './codes.js';
import { defaultFallbackLabels, fallbackText } from './derived.js';
import { ParleyError } from './errors.js';
import type { Element, Message } from './model.js';

/**
 * Canonical content builders (CAPABILITIES.md §1.12, §6.1 "message building"). Pure: they
 * return content to spread into a draft, `client.send({ convId, ...createText('hi') })`.
 * Media given as a local `Blob`/`File` is uploaded by the outbox just before the send (the
 * `uploads` sidecar below); media given as an uploaded URL or media id is sent as it is (the
 * O `sendMessageNotOss` / M `mediaUrl` path).
 */

/** A media object (§1.13): the wire's `Media`. */
export type Media = parley.v1.Media.$Properties;
/** Who a message mentions: the wire's `Mentions`. */
export type Mentions = parley.v1.Mentions.$Properties;

/** Media kinds (the wire's `MediaKind`). */
export const MediaKind = { FILE: 0, IMAGE: 1, AUDIO: 2, VIDEO: 3, AVATAR: 4, RELAY: 5 } as const;

/**
 * A local file that still has to be uploaded before its message is sent. It travels on the
 * draft (and the persisted outbox record: structured clone keeps `Blob`s) next to the element
 * it fills, and `MediaApi.prepare` removes it once the upload is done. The wire never sees it.
 */
export interface PendingUpload {
  /** Index of the element in `elements` whose media this fills. */
  elementIndex: number;
  /** Which media of the element: the main one, a video's thumbnail, or a merger's relay body. */
  slot: 'media' | 'thumb' | 'relay';
  file: Blob;
  /** Kept apart from the file: a `File` loses its name when it is stored and read back. */
  fileName: string;
  mime: string;
  /** `MediaKind`. */
  kind: number;
  /** Given by the sender (audio, video). */
  durationSec?: number;
}

/** A message with local files still to upload (what a draft with a `Blob` becomes). */
export type DraftMessage = Message & { uploads?: PendingUpload[] };

/** What a builder returns: the fields of a draft it fills. */
export interface Content {
  elements: Element[];
  /** A plain-text rendering for shims that cannot show an element (§1.11). */
  fallbackText: string;
  mentions?: Mentions;
  /** Local files to upload before the send. */
  uploads?: PendingUpload[];
}

/** Media that is uploaded already: a URL (any server) or a Parley media id, plus what is known of it. */
export type UploadedMedia = Media & ({ url: string } | { mediaId: string });

/** Where media content comes from: a local file to upload, or media uploaded already. */
export type MediaSource = Blob | UploadedMedia;

/** Options of the media builders. */
export interface MediaOptions {
  /** @default the `File`'s name, else the kind (`'image'`) */
  fileName?: string;
  /** @default the `Blob`'s type */
  mime?: string;
  width?: number;
  height?: number;
  /** Format tag (`'jpg'`, `'mp3'`). @default the server's detection (images) or none */
  format?: string;
  /** Seconds, as the sender measured them (audio, video). */
  durationSec?: number;
}

/** Options of {@link createVideo}. */
export interface VideoOptions extends MediaOptions {
  /** The snapshot image shown before the video plays. */
  thumb?: MediaSource;
}

/** `true` for a `Blob` or `File` (checked by shape, so one from another realm counts). */
export function isBlob(value: unknown): value is Blob {
  const v = value as Blob | null;
  return typeof v === 'object' && v !== null && typeof v.arrayBuffer === 'function' && typeof v.size === 'number' && typeof v.type === 'string';
}

function invalid(message: string): ParleyError {
  return new ParleyError(ClientCode.INVALID_PARAM, message);
}

function content(elements: Element[], extra: Omit<Content, 'elements' | 'fallbackText'> = {}): Content {
  const out: Content = { elements, fallbackText: fallbackText({ elements }) };
  if (extra.mentions) out.mentions = extra.mentions;
  if (extra.uploads?.length) out.uploads = extra.uploads;
  return out;
}

/**
 * A text message, optionally mentioning users or everyone (T `createTextAtMessage`, O `atElem`).
 * @throws {ParleyError} `INVALID_PARAM` for empty text.
 */
export function createText(text: string, options: { mentions?: { userIds?: readonly string[]; all?: boolean } } = {}): Content {
  if (typeof text !== 'string' || text === '') throw invalid('text must be a non-empty string');
  const m = options.mentions;
  const mentions: Mentions | undefined = m && (m.userIds?.length || m.all) ? { userIds: [...(m.userIds ?? [])], all: m.all ?? false } : undefined;
  return content([{ text: { text } }], mentions ? { mentions } : {});
}

const SLOT_NAME: Record<number, 'image' | 'audio' | 'video' | 'file'> = { 1: 'image', 2: 'audio', 3: 'video', 0: 'file' };

/** Builds the media record of an element, and the pending upload when the source is a local file. */
function mediaOf(source: MediaSource, kind: number, options: MediaOptions, slot: PendingUpload['slot']): { media: Media; upload?: Omit<PendingUpload, 'elementIndex'> } {
  const known: Media = { kind };
  if (options.width) known.width = options.width;
  if (options.height) known.height = options.height;
  if (options.format) known.format = options.format;
  if (options.durationSec) known.durationSec = options.durationSec;
  if (isBlob(source)) {
    const fileName = options.fileName || (source as Blob & { name?: string }).name || SLOT_NAME[kind] || 'file';
    const mime = options.mime || source.type || '';
    const upload: Omit<PendingUpload, 'elementIndex'> = { slot, file: source, fileName, mime, kind };
    if (options.durationSec) upload.durationSec = options.durationSec;
    return { media: { ...known, fileName, mime, size: source.size }, upload };
  }
  if (!source || typeof source !== 'object' || (!source.url && !source.mediaId)) throw invalid('media needs a Blob, a url or a mediaId');
  const media: Media = { ...known, ...source, kind };
  if (options.fileName) media.fileName = options.fileName;
  if (options.mime) media.mime = options.mime;
  return { media };
}

function mediaContent(kind: number, source: MediaSource, options: VideoOptions): Content {
  const main = mediaOf(source, kind, options, 'media');
  const elem: parley.v1.MediaElem.$Properties = { media: main.media };
  const uploads: PendingUpload[] = [];
  if (main.upload) uploads.push({ ...main.upload, elementIndex: 0 });
  if (options.thumb) {
    const thumb = mediaOf(options.thumb, MediaKind.IMAGE, {}, 'thumb');
    elem.thumb = thumb.media;
    if (thumb.upload) uploads.push({ ...thumb.upload, elementIndex: 0 });
  }
  const element: Element = { [SLOT_NAME[kind] as string]: elem };
  return content([element], { uploads });
}

/**
 * An image message from a local file (uploaded before the send) or uploaded media.
 * @throws {ParleyError} `INVALID_PARAM` when the source is neither.
 */
export function createImage(source: MediaSource, options: MediaOptions = {}): Content {
  return mediaContent(MediaKind.IMAGE, source, options);
}

/**
 * A voice message. @throws {ParleyError} `INVALID_PARAM` when the source is neither a file nor uploaded media.
 */
export function createAudio(source: MediaSource, options: MediaOptions = {}): Content {
  return mediaContent(MediaKind.AUDIO, source, options);
}

/**
 * A video message, with an optional snapshot image (`thumb`).
 * @throws {ParleyError} `INVALID_PARAM` when a source is neither a file nor uploaded media.
 */
export function createVideo(source: MediaSource, options: VideoOptions = {}): Content {
  return mediaContent(MediaKind.VIDEO, source, options);
}

/**
 * A file message. @throws {ParleyError} `INVALID_PARAM` when the source is neither a file nor uploaded media.
 */
export function createFile(source: MediaSource, options: MediaOptions = {}): Content {
  return mediaContent(MediaKind.FILE, source, options);
}

/**
 * A location. @throws {ParleyError} `INVALID_PARAM` for coordinates out of range.
 */
export function createLocation(location: { description?: string; latitude: number; longitude: number; scale?: number }): Content {
  const { latitude, longitude } = location;
  if (!(Math.abs(latitude) <= 90) || !(Math.abs(longitude) <= 180)) throw invalid('latitude must be within ±90 and longitude within ±180');
  return content([{ location: { description: location.description ?? '', latitude, longitude, scale: location.scale ?? 0 } }]);
}

/** A face (T `TIMFaceElem`): an app-defined index and data. */
export function createFace(face: { index: number; data?: string }): Content {
  return content([{ face: { index: face.index, data: face.data ?? '' } }]);
}

/**
 * A custom message. `json` (an object, or JSON text) is what JMessage sends; the other shims
 * read `data`, which defaults to the same JSON text.
 * @throws {ParleyError} `INVALID_PARAM` when `json` cannot be serialised.
 */
export function createCustom(custom: { data?: string; description?: string; extension?: string; json?: unknown }): Content {
  const elem: parley.v1.CustomElem.$Properties = { data: custom.data ?? '', description: custom.description ?? '', extension: custom.extension ?? '' };
  if (custom.json !== undefined) {
    let json: string | undefined;
    try {
      json = typeof custom.json === 'string' ? custom.json : JSON.stringify(custom.json);
    } catch (cause) {
      throw new ParleyError(ClientCode.INVALID_PARAM, 'custom json cannot be serialised', { cause });
    }
    if (json === undefined) throw invalid('custom json cannot be serialised');
    elem.json = json;
    if (custom.data === undefined) elem.data = json;
  }
  return content([{ custom: elem }]);
}

/** A card (O contentType 108): JSON text, or an object serialised to it. */
export function createCard(card: string | object): Content {
  return content([{ card: { json: typeof card === 'string' ? card : JSON.stringify(card) } }]);
}

/** Fields of a message that belong to one client or one viewer, never to an embedded copy. */
const LOCAL_FIELDS = ['status', 'error', 'uploads', 'deletedForSelf', 'isRead', 'isPeerRead', 'localOnly', 'receipt', 'extensions'] as const;

/**
 * A copy of a message fit for embedding (quotes, mergers): shared fields only.
 * @throws {ParleyError} `INVALID_PARAM` for a message whose files are not uploaded yet.
 */
export function snapshotMessage(message: Message): parley.v1.Message.$Properties {
  if ((message as DraftMessage).uploads?.length) throw invalid('a message whose files are not uploaded yet cannot be embedded');
  const copy = structuredClone({ ...message }) as Record<string, unknown>;
  for (const key of LOCAL_FIELDS) delete copy[key];
  return copy as parley.v1.Message.$Properties;
}

/**
 * A reply quoting another message (O `createQuoteMessage`). The quote carries a snapshot of
 * the quoted message with its first element only, and quotes never nest: a quoted quote keeps
 * just its text.
 * @throws {ParleyError} `INVALID_PARAM` for empty text or an unsent quoted message.
 */
export function createQuote(text: string, quoted: Message): Content {
  if (typeof text !== 'string' || text === '') throw invalid('text must be a non-empty string');
  if (!quoted.serverMsgId && !quoted.seq) throw invalid('only a sent message can be quoted');
  const snapshot = snapshotMessage(quoted);
  const first = snapshot.elements?.[0];
  snapshot.elements = first ? [first.quote ? { text: { text: first.quote.text ?? '' } } : first] : [];
  snapshot.fallbackText = fallbackText(quoted);
  return content([{ quote: { text, quoted: snapshot } }]);
}

/** Options of {@link createMerger}. */
export interface MergerOptions {
  title: string;
  /** Summary lines. @default the first `maxAbstracts` messages as `name: text` */
  abstracts?: string[];
  /** @default 4 */
  maxAbstracts?: number;
  /** Text for clients that cannot show a merger. @default `[Chat History] <title>` */
  compatibleText?: string;
  /** The name shown for a sender in the default abstracts. @default the sender's nickname, else the id */
  nameOf?: (message: Message) => string;
  /** The body uploaded already as a `relay` media (large mergers); the inline list is then left empty. */
  relay?: Media;
  /**
   * Bodies larger than this (as JSON) are uploaded as a `relay` media before the send instead
   * of travelling inline. @default 11264 (CAPABILITIES.md §1.12: "> ~11 KB")
   */
  inlineLimitBytes?: number;
}

/** The file name of an uploaded merger body. */
export const MERGER_BODY_FILE = 'merger.json';

/**
 * A merged-forward message (T `createMergerMessage`, O `createMergerMessage`): a title, summary
 * lines and the messages themselves, embedded per `MergerElem`.
 * @throws {ParleyError} `INVALID_PARAM` without messages or title, or with an unsent message.
 */
export function createMerger(messages: readonly Message[], options: MergerOptions): Content {
  if (messages.length === 0) throw invalid('a merger needs at least one message');
  if (!options.title) throw invalid('a merger needs a title');
  const nameOf = options.nameOf ?? ((m: Message) => m.sender?.nickname || m.senderId);
  const abstracts = options.abstracts ?? messages.slice(0, options.maxAbstracts ?? 4).map((m) => `${nameOf(m)}: ${fallbackText(m)}`);
  const snapshots = messages.map(snapshotMessage);
  const merger: parley.v1.MergerElem.$Properties = {
    title: options.title,
    abstracts,
    compatibleText: options.compatibleText ?? `${defaultFallbackLabels.merger} ${options.title}`,
    messages: options.relay ? [] : snapshots,
  };
  if (options.relay) {
    merger.relay = options.relay;
    return content([{ merger }]);
  }
  const body = new Blob([JSON.stringify(snapshots)], { type: 'application/json' });
  if (body.size <= (options.inlineLimitBytes ?? 11 * 1024)) return content([{ merger }]);
  // Too large for a frame-friendly message: the body goes up as a relay media before the send.
  merger.messages = [];
  merger.relay = { kind: MediaKind.RELAY, fileName: MERGER_BODY_FILE, mime: 'application/json', size: body.size };
  return content([{ merger }], { uploads: [{ elementIndex: 0, slot: 'relay', file: body, fileName: MERGER_BODY_FILE, mime: 'application/json', kind: MediaKind.RELAY }] });
}

/** A draft that copies a message into another conversation. */
export interface ForwardDraft extends Content {
  convId: string;
  cloudCustomData?: string;
}

/**
 * A copy of a message's content for another conversation (T/O `createForwardMessage`): the
 * same elements, no ids (the send gives it a fresh `clientMsgId`), no mentions.
 * @throws {ParleyError} `INVALID_PARAM` for a revoked message or one without content.
 */
export function createForward(message: Message, toConvId: string): ForwardDraft {
  if (message.state === 1) throw invalid('a revoked message cannot be forwarded');
  if (message.elements.length === 0) throw invalid('the message has no content');
  const elements = structuredClone(message.elements.map((e) => ({ ...e })));
  const draft: ForwardDraft = { convId: toConvId, elements, fallbackText: fallbackText({ elements }) };
  const uploads = (message as DraftMessage).uploads;
  if (uploads?.length) draft.uploads = uploads.map((u) => ({ ...u }));
  if (message.cloudCustomData) draft.cloudCustomData = message.cloudCustomData;
  return draft;
}

/**
 * Several contents in one message (T allows several elements): elements in order, uploads
 * re-indexed, mentions merged.
 */
export function combine(...parts: Content[]): Content {
  const elements: Element[] = [];
  const uploads: PendingUpload[] = [];
  const userIds = new Set<string>();
  let all = false;
  let mentioned = false;
  for (const part of parts) {
    const offset = elements.length;
    elements.push(...part.elements);
    for (const u of part.uploads ?? []) uploads.push({ ...u, elementIndex: u.elementIndex + offset });
    if (part.mentions) {
      mentioned = true;
      for (const id of part.mentions.userIds ?? []) userIds.add(id);
      all ||= part.mentions.all ?? false;
    }
  }
  return content(elements, { uploads, ...(mentioned && { mentions: { userIds: [...userIds], all } }) });
}

/** Whether a message still has local files to upload. */
export function hasPendingUploads(message: Message): boolean {
  return ((message as DraftMessage).uploads?.length ?? 0) > 0;
}
