import { type Content, fallbackText } from '@parley/core';

/** The canonical content of a plain text message (contentType 101). */
export function textContent(text: string): Content {
  const elements = [{ text: { text } }];
  return { elements, fallbackText: fallbackText({ elements }) };
}
