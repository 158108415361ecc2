import { type Content, createAudio, createImage, createText, createVideo, type Element, fallbackText, type Media, type MediaSource, type Message } from '@parley/core';
import { paramError } from '../../errors.js';

/** MaxLeap message content `{media, body}` (§4.3): text, or the URL of an image, audio or video. */
export interface MlContent {
  media: number;
  body: unknown;
}

/** `content.media` values (§4.1). */
export const MEDIA = { TEXT: 0, IMAGE: 1, AUDIO: 2, VIDEO: 3 } as const;

/** The wire's `RenditionKind.THUMB`. */
const RENDITION_THUMB = 2;

const BUILDERS: Record<number, (source: MediaSource) => Content> = {
  [MEDIA.IMAGE]: (source) => createImage(source),
  [MEDIA.AUDIO]: (source) => createAudio(source),
  [MEDIA.VIDEO]: (source) => createVideo(source),
};

/** Whether `media` names an image, audio or video (the kinds `ok()` uploads). */
export function isMediaKind(media: unknown): media is 1 | 2 | 3 {
  return media === MEDIA.IMAGE || media === MEDIA.AUDIO || media === MEDIA.VIDEO;
}

/** The URL of a media body: a URL string, or the `[url, thumbUrl]` array 3.0.x web senders used. */
export function urlOf(body: unknown): string | undefined {
  if (typeof body === 'string' && body !== '') return body;
  if (Array.isArray(body) && typeof body[0] === 'string' && body[0] !== '') return body[0];
  return undefined;
}

/**
 * Core content for MaxLeap content: a text element, or a real image/audio/video element (the
 * uploaded media, or the URL the body names), so other vendors' clients see the media itself.
 * @throws {MlError} 5001 for a media body without a URL; `INVALID_PARAM` for empty text.
 */
export function coreContentOf(content: MlContent, uploaded?: Media): Content {
  const build = BUILDERS[content.media];
  if (!build) return createText(typeof content.body === 'string' ? content.body : String(content.body ?? ''));
  if (uploaded) return build(uploaded as MediaSource);
  const url = urlOf(content.body);
  if (!url) throw paramError('content.body (a media message needs a File, Blob, FormData or URL)');
  const thumb = Array.isArray(content.body) && typeof content.body[1] === 'string' ? content.body[1] : '';
  return build({ url, ...(thumb ? { renditions: [{ kind: RENDITION_THUMB, url: thumb }] } : {}) });
}

/** The thumbnail URL of uploaded media (images), or its own URL. */
export function thumbUrlOf(media: Media): string {
  const thumb = media.renditions?.find((r) => r.kind === RENDITION_THUMB)?.url;
  return thumb || media.url || '';
}

/** MaxLeap content carried as JSON (`{media, body}`) by a custom element or a system message; array bodies become their URL. */
export function parseMlContent(json: string | null | undefined): MlContent | undefined {
  if (!json) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { media, body } = value as { media?: unknown; body?: unknown };
  if (typeof media !== 'number') return undefined;
  return { media, body: isMediaKind(media) ? (urlOf(body) ?? body) : body };
}

/**
 * The MaxLeap content of a stored message: the first text or image/audio/video element (the body
 * of media is its URL, made absolute by `absolute`); other elements as their plain-text rendering.
 */
export function mlContentOf(message: Pick<Message, 'elements' | 'fallbackText'>, absolute: (url: string) => string): MlContent {
  for (const element of message.elements) {
    const found = fromElement(element, absolute);
    if (found) return found;
  }
  return { media: MEDIA.TEXT, body: fallbackText(message) };
}

function fromElement(element: Element, absolute: (url: string) => string): MlContent | undefined {
  if (element.text) return { media: MEDIA.TEXT, body: element.text.text ?? '' };
  const media = ([
    [MEDIA.IMAGE, element.image],
    [MEDIA.AUDIO, element.audio],
    [MEDIA.VIDEO, element.video],
  ] as const).find(([, elem]) => elem?.media);
  if (media) return { media: media[0], body: absolute(media[1]?.media?.url ?? '') };
  if (element.custom) return parseMlContent(element.custom.json || element.custom.data);
  return undefined;
}

/** Whether a message is chat content (not a group tip, notice or control entry). */
export function isChat(message: Pick<Message, 'elements' | 'hidden'>): boolean {
  if (message.hidden || message.elements.length === 0) return false;
  return !message.elements.some((e) => e.groupTip || e.notice || e.revokeTip || e.receipt || e.typing || e.modify || e.extensions);
}
