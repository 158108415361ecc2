import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import sharp from 'sharp';
import type { ImageFormat } from './sniff.js';
import type { RenditionName } from './types.js';

/**
 * Smaller copies of uploaded images. TIM shows three sizes (original, large, thumb), OpenIM a
 * big picture and a snapshot, MaxLeap a `.sm` thumbnail: the server makes a large rendition
 * and a thumbnail whose longest side is at most 720 and 198 pixels (TIM's sizes).
 */

/** The longest side, in pixels, of each generated rendition. */
export const RENDITION_SIDES: Readonly<Record<Exclude<RenditionName, 'original'>, number>> = { large: 720, thumb: 198 };

/**
 * Formats that get generated renditions. GIF is left out because a resized GIF would keep only
 * its first frame, and BMP because the image library does not read it: their renditions are the
 * original itself.
 */
const RESIZABLE: ReadonlySet<ImageFormat> = new Set<ImageFormat>(['jpg', 'png', 'webp']);

/** The formats {@link renderImage} reads and writes. */
export type ResizableFormat = 'jpg' | 'png' | 'webp';

/** Whether renditions of this format can be generated. */
export function isResizable(format: ImageFormat): format is ResizableFormat {
  return RESIZABLE.has(format);
}

/** Refuse to decode images above this many pixels (a decompression bomb guard; 100 megapixels). */
const MAX_INPUT_PIXELS = 100_000_000;

/** A generated rendition's pixel size and byte size. */
export interface RenditionInfo {
  width: number;
  height: number;
  size: number;
}

/**
 * Whether a rendition of the given longest side should be generated: the format can be resized
 * and the image is larger than that (a smaller image serves as its own rendition). An unknown
 * size (0) is tried, since the library reads the real one.
 */
export function needsRendition(format: ImageFormat, width: number, height: number, maxSide: number): boolean {
  if (!isResizable(format)) return false;
  return width === 0 || height === 0 || Math.max(width, height) > maxSide;
}

/**
 * Streams `source` through a resize into `sink`: the longest side becomes at most `maxSide`,
 * the EXIF orientation is applied (the rendition carries no metadata, so it is drawn upright
 * as browsers draw the original), and the format stays the same.
 *
 * @returns The rendition's size.
 * @throws The library's error for an image it cannot decode; the sink is then destroyed.
 */
export async function renderImage(source: Readable, format: ResizableFormat, maxSide: number, sink: Writable): Promise<RenditionInfo> {
  let info: RenditionInfo | undefined;
  const transform = sharp({ limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
    .autoOrient()
    .resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true })
    .toFormat(format === 'jpg' ? 'jpeg' : format)
    .on('info', (i: { width: number; height: number; size: number }) => {
      info = { width: i.width, height: i.height, size: i.size };
    });
  await pipeline(source, transform, sink);
  if (info === undefined) throw new Error('the image library reported no output size');
  return info;
}
