/**
 * Image type detection from the first bytes of a file, and the pixel size from its headers.
 * The declared kind of an upload is checked against this, so a client cannot store a script
 * or an SVG as an "image" that another user's browser would then render.
 */

/** Image formats the server recognises, by their `Media.format` tag. */
export type ImageFormat = 'jpg' | 'png' | 'gif' | 'bmp' | 'webp';

/** What {@link sniffImage} found. Width and height are 0 when the header was not in `head`. */
export interface SniffedImage {
  format: ImageFormat;
  mime: string;
  width: number;
  height: number;
}

/** Bytes of the file head enough for every magic number below. */
export const MAGIC_BYTES = 16;

const MIME: Readonly<Record<ImageFormat, string>> = {
  jpg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  bmp: 'image/bmp',
  webp: 'image/webp',
};

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(head: Uint8Array, bytes: readonly number[], at = 0): boolean {
  if (head.length < at + bytes.length) return false;
  return bytes.every((byte, i) => head[at + i] === byte);
}

function ascii(head: Uint8Array, at: number, text: string): boolean {
  return startsWith(
    head,
    [...text].map((c) => c.charCodeAt(0)),
    at,
  );
}

/** The format named by the magic number at the start of `head`, if any. */
export function imageFormatOf(head: Uint8Array): ImageFormat | undefined {
  if (startsWith(head, PNG_SIGNATURE)) return 'png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpg';
  if (ascii(head, 0, 'GIF87a') || ascii(head, 0, 'GIF89a')) return 'gif';
  if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'WEBP')) return 'webp';
  // "BM" alone is too weak (a text file may start with it): also require a known DIB header size.
  if (ascii(head, 0, 'BM') && head.length >= 18 && [12, 40, 52, 56, 64, 108, 124].includes(readU32le(head, 14))) return 'bmp';
  return undefined;
}

/**
 * Detects an image and reads its pixel size.
 *
 * @param head - The first bytes of the file; a JPEG's size can sit after large metadata
 *   segments, so pass a generous head (the upload path keeps 256 KB).
 * @returns The image, or `undefined` when `head` starts with no known image magic number.
 */
export function sniffImage(head: Uint8Array): SniffedImage | undefined {
  const format = imageFormatOf(head);
  if (format === undefined) return undefined;
  const size = SIZE_READERS[format](head) ?? { width: 0, height: 0 };
  return { format, mime: MIME[format], ...size };
}

type Size = { width: number; height: number };

const SIZE_READERS: Readonly<Record<ImageFormat, (head: Uint8Array) => Size | undefined>> = {
  png: (head) => (head.length >= 24 && ascii(head, 12, 'IHDR') ? { width: readU32be(head, 16), height: readU32be(head, 20) } : undefined),
  gif: (head) => (head.length >= 10 ? { width: readU16le(head, 6), height: readU16le(head, 8) } : undefined),
  bmp: bmpSize,
  webp: webpSize,
  jpg: jpegSize,
};

function bmpSize(head: Uint8Array): Size | undefined {
  if (readU32le(head, 14) === 12) {
    return head.length >= 22 ? { width: readU16le(head, 18), height: readU16le(head, 20) } : undefined;
  }
  if (head.length < 26) return undefined;
  // A negative height means rows are stored top-down; the size is its magnitude.
  return { width: Math.abs(readI32le(head, 18)), height: Math.abs(readI32le(head, 22)) };
}

function webpSize(head: Uint8Array): Size | undefined {
  if (ascii(head, 12, 'VP8X') && head.length >= 30) {
    return { width: readU24le(head, 24) + 1, height: readU24le(head, 27) + 1 };
  }
  if (ascii(head, 12, 'VP8 ') && head.length >= 30 && startsWith(head, [0x9d, 0x01, 0x2a], 23)) {
    return { width: readU16le(head, 26) & 0x3fff, height: readU16le(head, 28) & 0x3fff };
  }
  if (ascii(head, 12, 'VP8L') && head.length >= 25 && head[20] === 0x2f) {
    const bits = readU32le(head, 21);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  return undefined;
}

/** Start-of-frame markers (baseline, progressive, lossless, arithmetic): they carry the size. */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/** Walks the JPEG segments up to the first start-of-frame (or the start of scan, which ends the headers). */
function jpegSize(head: Uint8Array): Size | undefined {
  let at = 2;
  while (at + 4 <= head.length) {
    if (head[at] !== 0xff) return undefined;
    const marker = head[at + 1] ?? 0;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      at += 2; // markers without a length
      continue;
    }
    if (marker === 0xda || marker === 0xd9) return undefined;
    const length = readU16be(head, at + 2);
    if (isStartOfFrame(marker)) {
      return at + 9 <= head.length ? { height: readU16be(head, at + 5), width: readU16be(head, at + 7) } : undefined;
    }
    if (length < 2) return undefined;
    at += 2 + length;
  }
  return undefined;
}

function readU16be(b: Uint8Array, at: number): number {
  return ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);
}

function readU16le(b: Uint8Array, at: number): number {
  return (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
}

function readU24le(b: Uint8Array, at: number): number {
  return readU16le(b, at) | ((b[at + 2] ?? 0) << 16);
}

function readU32be(b: Uint8Array, at: number): number {
  return readU16be(b, at) * 0x10000 + readU16be(b, at + 2);
}

function readU32le(b: Uint8Array, at: number): number {
  return readI32le(b, at) >>> 0;
}

function readI32le(b: Uint8Array, at: number): number {
  return readU16le(b, at) | (readU16le(b, at + 2) << 16);
}
