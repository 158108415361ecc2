import type { ByteRange } from '../media/types.js';
import type { MediaRecord } from '../model/media.js';

/** Validators, ranges and dispositions of media downloads (`media.ts`): pure header logic. */

/** Types a browser may show in place; anything else is sent as a download. */
const INLINE_TYPE = /^(image\/(png|jpeg|gif|bmp|webp)|audio\/[a-z0-9.+-]+|video\/[a-z0-9.+-]+)$/;

/** Whether an `If-None-Match` list names the ETag (weak comparison, as RFC 9110 asks for it). */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed.replace(/^W\//, '') === etag;
  });
}

/**
 * One `bytes=` range, or `undefined` to send the whole file: no header, another unit, several
 * ranges (allowed to be ignored) or a syntactically invalid one, which RFC 9110 says to ignore.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? '');
  if (match === null) return undefined;
  const [, first = '', last = ''] = match;
  if (first === '') {
    if (last === '') return undefined;
    const suffix = Number(last);
    return suffix === 0 ? 'unsatisfiable' : { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (last !== '' && Number(last) < start) return undefined;
  if (start >= size) return 'unsatisfiable';
  return { start, end: last === '' ? size - 1 : Math.min(Number(last), size - 1) };
}

/** Images, audio and video of known types show in place; other files download under their name. */
export function contentDisposition(record: MediaRecord): string {
  const disposition = INLINE_TYPE.test(record.mime) ? 'inline' : 'attachment';
  if (record.fileName === '') return disposition;
  const ascii = record.fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(record.fileName)}`;
}
