import type { Element, Message } from '@parley/core';

/**
 * Hummer room messages on the wire (CAPABILITIES.md §1.11): the text is one text element, and
 * `kvExtra` entries are the message's `extras` (whose values are JSON, so each string is stored
 * as its JSON text). `sendTextChat`'s legacy string `extra` is the extra named {@link LEGACY_EXTRA}.
 */

/** The `extras` key of `sendTextChat`'s deprecated string `extra`. */
export const LEGACY_EXTRA = 'extra';

/** The elements of a Hummer text. */
export function textElements(content: string): Element[] {
  return [{ text: { text: content } }];
}

/** `kvExtra` (and a text chat's legacy `extra`) as wire extras. */
export function toExtras(kvExtra: Readonly<Record<string, string>>, legacyExtra?: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(kvExtra)) out[key] = JSON.stringify(value);
  if (legacyExtra !== undefined) out[LEGACY_EXTRA] = JSON.stringify(legacyExtra);
  return out;
}

/** One wire extra as the string the app sent (a value that is not JSON text stays as it is). */
export function extraValue(raw: string): string {
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'string' ? value : raw;
  } catch {
    return raw;
  }
}

/** A message's `kvExtra`; a text chat's legacy `extra` is not one of them. */
export function kvExtraOf(message: Pick<Message, 'extras'>, textChat: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, raw] of Object.entries(message.extras ?? {})) {
    if (textChat && key === LEGACY_EXTRA) continue;
    out[key] = extraValue(raw);
  }
  return out;
}

/** A text chat's legacy `extra` string (`""` when none was sent). */
export function legacyExtraOf(message: Pick<Message, 'extras'>): string {
  const raw = message.extras?.[LEGACY_EXTRA];
  return raw === undefined ? '' : extraValue(raw);
}

/** A message's text: its text elements, joined. */
export function contentOf(message: Pick<Message, 'elements'>): string {
  return message.elements.map((element) => element.text?.text ?? '').join('');
}
