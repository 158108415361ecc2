import { createHmac, timingSafeEqual } from 'node:crypto';
import { isMediaId, type RenditionName } from './types.js';

/**
 * Download URLs of media objects:
 *
 *     /parley/media/<appId>/<mediaId>[.lg|.sm][.<ext>]?exp=<ms>&sig=<mac>
 *
 * `.lg` names the large rendition and `.sm` the thumbnail (MaxLeap's convention: the thumbnail
 * URL inserts `.sm` before the extension), and the extension is decoration for clients that
 * guess a type from it. The signature covers the app, the media id and the expiry, not the
 * rendition, so a MaxLeap client can derive the thumbnail URL from the original's by inserting
 * `.sm`: the renditions are views of the same upload and share its access. `exp=0` is a URL
 * that does not expire (policy `mediaUrlTtlSec` 0). URLs are relative to the server's origin,
 * which the server does not know behind a proxy; clients resolve them against it.
 */

/** The path prefix of media routes. */
export const MEDIA_ROUTE_PREFIX = '/parley/media/';

const INFIX: Readonly<Record<RenditionName, string>> = { original: '', large: '.lg', thumb: '.sm' };
const BY_INFIX: Readonly<Record<string, RenditionName>> = { lg: 'large', sm: 'thumb' };
const EXTENSION = /^[a-z0-9]{1,10}$/;
/** Separates the signing key of URLs from the tokens signed with the same app secret. */
const KEY_LABEL = 'parley media url v1';

/** A media object named by a download path. */
export interface MediaPathRef {
  mediaId: string;
  rendition: RenditionName;
}

/**
 * Parses the last path segment of a download URL.
 * @returns The media id and rendition, or `undefined` when the segment is not one.
 */
export function parseMediaName(segment: string): MediaPathRef | undefined {
  const [mediaId = '', second, third, ...rest] = segment.split('.');
  if (!isMediaId(mediaId) || rest.length > 0) return undefined;
  const rendition = second === undefined ? undefined : BY_INFIX[second];
  if (rendition !== undefined) {
    return third === undefined || EXTENSION.test(third) ? { mediaId, rendition } : undefined;
  }
  if (third !== undefined) return undefined;
  return second === undefined || EXTENSION.test(second) ? { mediaId, rendition: 'original' } : undefined;
}

/** The signature of a download URL. */
export function mediaUrlSignature(secret: string, app: string, mediaId: string, expiresAt: number): string {
  const key = createHmac('sha256', secret).update(KEY_LABEL).digest();
  return createHmac('sha256', key).update(`${app}\n${mediaId}\n${expiresAt}`).digest('base64url');
}

/** Options of {@link signedMediaUrl}. */
export interface SignedUrlOptions {
  secret: string;
  app: string;
  mediaId: string;
  rendition: RenditionName;
  /** A file extension for the path (`jpg`), or empty. Anything but 1–10 lowercase letters and digits is left out. */
  extension: string;
  /** Milliseconds since the epoch; 0 for a URL that does not expire. */
  expiresAt: number;
}

/** A signed download URL, relative to the server's origin. */
export function signedMediaUrl(o: SignedUrlOptions): string {
  const ext = EXTENSION.test(o.extension) ? `.${o.extension}` : '';
  const sig = mediaUrlSignature(o.secret, o.app, o.mediaId, o.expiresAt);
  return `${MEDIA_ROUTE_PREFIX}${encodeURIComponent(o.app)}/${o.mediaId}${INFIX[o.rendition]}${ext}?exp=${o.expiresAt}&sig=${sig}`;
}

/** Why {@link checkMediaSignature} refused a URL. */
export type SignatureRefusal = 'malformed' | 'forged' | 'expired';

/**
 * Checks a download URL's `exp` and `sig` (MAC first, in constant time, so a forged URL is
 * never reported as merely expired).
 * @returns `undefined` when valid, else the reason.
 */
export function checkMediaSignature(
  secret: string,
  app: string,
  mediaId: string,
  exp: string | null,
  sig: string | null,
  nowMs: number,
): SignatureRefusal | undefined {
  if (exp === null || sig === null || !/^\d{1,16}$/.test(exp)) return 'malformed';
  const expiresAt = Number(exp);
  const given = Buffer.from(sig, 'utf8');
  const expected = Buffer.from(mediaUrlSignature(secret, app, mediaId, expiresAt), 'utf8');
  // The length of a MAC is public; only its contents are compared in constant time.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'forged';
  return expiresAt !== 0 && nowMs >= expiresAt ? 'expired' : undefined;
}
