import { type Element, elementKindOf, fallbackText, type Media, type Message } from '@parley/core';

/** `content.msg_type`: the content kind (jmessage.md §4.8), unlike the envelope's numeric `msg_type`. */
export type JmMsgType = 'text' | 'image' | 'file' | 'location' | 'custom' | 'voice' | 'video';

/** `content.msg_type` and `content.msg_body` of one message. */
export interface JmBody {
  msg_type: JmMsgType;
  msg_body: Record<string, unknown>;
}

/**
 * A message in the JMessage protocol form (jmessage.md §4.8): the `content` of `onMsgReceive`
 * and `onSyncConversation` items, and `msg.content` of a send's `onSuccess(data, msg)`.
 */
export interface JmContent extends JmBody {
  version: 1;
  target_type: 'single' | 'group';
  /** The target username (1:1) or the gid as text (group). */
  target_id: string;
  target_name: string;
  target_appkey?: string;
  from_type: string;
  from_id: string;
  from_name: string;
  from_appkey: string;
  from_platform: string;
  /** Milliseconds (what web clients read, jmessage.md §4.8). */
  create_time: number;
}

/** What the content says about the target, which the message itself does not know in J terms. */
export interface ContentTarget {
  type: 'single' | 'group';
  id: string;
  name: string;
  /** 1:1 only: the target's app. */
  appkey?: string;
  /** The sender's app. */
  fromAppkey: string;
}

/** `extras` object → the wire's `extras` map (JSON values). */
export function extrasToWire(extras: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(extras)) {
    const json = JSON.stringify(value);
    if (json !== undefined) out[key] = json;
  }
  return out;
}

/** The wire's `extras` map → the `extras` object apps read (values the JSON cannot parse stay text). */
export function extrasOf(map: Readonly<Record<string, string>> | null | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, json] of Object.entries(map ?? {})) {
    try {
      out[key] = JSON.parse(json);
    } catch {
      out[key] = json;
    }
  }
  return out;
}

/**
 * `msg_type` and `msg_body` of a message. J shows one element per message: a lone text, image,
 * file, location, custom, audio (`voice`) or video element maps to its J body; anything else
 * (faces, cards, quotes, several elements) arrives as text with the fallback text (CAPABILITIES
 * §1.12). `extras` go in `msg_body.extras` of every kind but custom, whose body is the app's object.
 */
export function bodyOf(message: Pick<Message, 'elements' | 'extras' | 'fallbackText' | 'state'>): JmBody {
  const extras = extrasOf(message.extras);
  const only: Element | undefined = message.elements.length === 1 ? message.elements[0] : undefined;
  switch (only ? elementKindOf(only) : undefined) {
    case 'text':
      return { msg_type: 'text', msg_body: { text: only?.text?.text ?? '', extras } };
    case 'image':
      return { msg_type: 'image', msg_body: { ...imageBody(only?.image?.media), extras } };
    case 'file':
      return { msg_type: 'file', msg_body: { ...fileBody(only?.file?.media), extras } };
    case 'audio': {
      const m = only?.audio?.media ?? {};
      return { msg_type: 'voice', msg_body: { media_id: mediaIdOf(m), media_crc32: m.crc32 ?? 0, duration: m.durationSec ?? 0, format: m.format ?? '', fsize: Number(m.size ?? 0), extras } };
    }
    case 'video': {
      const elem = only?.video;
      const body: Record<string, unknown> = { video: fileBody(elem?.media), duration: elem?.media?.durationSec ?? 0 };
      if (elem?.thumb) body.thumb = imageBody(elem.thumb);
      return { msg_type: 'video', msg_body: { ...body, extras } };
    }
    case 'location': {
      const l = only?.location ?? {};
      return { msg_type: 'location', msg_body: { latitude: l.latitude ?? 0, longitude: l.longitude ?? 0, scale: l.scale ?? 0, label: l.description ?? '', extras } };
    }
    case 'custom':
      return { msg_type: 'custom', msg_body: customBody(only?.custom ?? {}) };
    default:
      return { msg_type: 'text', msg_body: { text: fallbackText(message), extras } };
  }
}

/** The whole `content` of a message sent to or by `target`. */
export function contentOf(message: Message, target: ContentTarget): JmContent {
  const sender = message.sender;
  return {
    version: 1,
    target_type: target.type,
    target_id: target.id,
    target_name: target.name,
    ...(target.appkey !== undefined && { target_appkey: target.appkey }),
    from_type: FROM_TYPE[message.senderKind ?? 0] ?? 'user',
    from_id: message.senderId,
    from_name: sender?.nickname ?? '',
    from_appkey: target.fromAppkey,
    from_platform: PLATFORM[sender?.platform ?? 0] ?? 'web',
    create_time: message.time,
    ...bodyOf(message),
  };
}

/** UTF-8 bytes of a body as JSON: what the 7 KB limit (`880206`) counts, emoji at 4 bytes each. */
export function bodyBytes(body: JmBody): number {
  return new TextEncoder().encode(JSON.stringify(body.msg_body)).length;
}

/** `UserKind` → `from_type`. */
const FROM_TYPE: Record<number, string> = { 0: 'user', 1: 'user', 2: 'robot', 3: 'admin' };
/** `Platform` → `from_platform` (`a`, `i`, `w`, `web`). */
const PLATFORM: Record<number, string> = { 1: 'i', 2: 'a', 3: 'w', 5: 'web' };

/** A media id, or, for media another vendor sent by URL only, the URL (`getResource` returns it as is). */
function mediaIdOf(media: Media): string {
  return media.mediaId || media.url || '';
}

function imageBody(media: Media | null | undefined): Record<string, unknown> {
  const m = media ?? {};
  return { media_id: mediaIdOf(m), media_crc32: m.crc32 ?? 0, width: m.width ?? 0, height: m.height ?? 0, format: m.format ?? '', fsize: Number(m.size ?? 0) };
}

function fileBody(media: Media | null | undefined): Record<string, unknown> {
  const m = media ?? {};
  return { media_id: mediaIdOf(m), media_crc32: m.crc32 ?? 0, fsize: Number(m.size ?? 0), fname: m.fileName ?? '' };
}

/** The app's object (`json`); a custom element from another vendor shows its JSON `data`, or its three strings. */
function customBody(custom: { data?: string | null; description?: string | null; extension?: string | null; json?: string | null }): Record<string, unknown> {
  for (const text of [custom.json, custom.data]) {
    if (!text) continue;
    try {
      const value: unknown = JSON.parse(text);
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
    } catch {
      // Not JSON: try the next form.
    }
  }
  return { data: custom.data ?? '', description: custom.description ?? '', extension: custom.extension ?? '' };
}
