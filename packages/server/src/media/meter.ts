import { Transform, type TransformCallback } from 'node:stream';
import { crc32 } from 'node:zlib';
import { ErrorCode, ServerError } from '../errors.js';
import { MAGIC_BYTES } from './sniff.js';

/** Options of {@link UploadMeter}. */
export interface UploadMeterOptions {
  /** Largest accepted size in bytes; one byte more fails the stream with `TOO_LARGE`. */
  limit: number;
  /** How many leading bytes to keep for header parsing. */
  headBytes: number;
  /**
   * Checks the file's first bytes (at least {@link MAGIC_BYTES}, or the whole file when it is
   * shorter) before any of them are passed on; a thrown error fails the stream.
   */
  checkHead?: (head: Buffer) => void;
}

/**
 * A pass-through that measures an upload while it streams: size (refused past the limit, so an
 * oversized upload stops at `limit + 1` bytes), CRC-32 (JMessage `media_crc32`) and the first
 * bytes for type detection. The whole file is never held in memory.
 */
export class UploadMeter extends Transform {
  size = 0;
  crc32 = 0;
  private readonly headChunks: Buffer[] = [];
  private headLength = 0;
  private checked = false;
  private readonly held: Buffer[] = [];

  constructor(private readonly options: UploadMeterOptions) {
    super();
    if (options.headBytes < MAGIC_BYTES) throw new RangeError(`headBytes must be at least ${MAGIC_BYTES}`);
  }

  /** The kept leading bytes (up to `headBytes`). */
  get head(): Buffer {
    return Buffer.concat(this.headChunks, this.headLength);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.options.limit) {
      callback(new ServerError(ErrorCode.TOO_LARGE, `file exceeds ${this.options.limit} bytes`, { detail: 'file' }));
      return;
    }
    this.crc32 = crc32(chunk, this.crc32);
    this.keepHead(chunk);
    if (this.checked) {
      callback(null, chunk);
      return;
    }
    // Hold everything back until the magic number is checked, so a refused file writes nothing.
    this.held.push(chunk);
    if (this.headLength < MAGIC_BYTES) {
      callback();
      return;
    }
    this.release(callback);
  }

  override _flush(callback: TransformCallback): void {
    if (this.checked) callback();
    else this.release(callback);
  }

  /** Runs the head check once and passes on the bytes held back until then. */
  private release(callback: TransformCallback): void {
    this.checked = true;
    try {
      this.options.checkHead?.(this.head);
    } catch (error) {
      callback(error as Error);
      return;
    }
    const held = Buffer.concat(this.held);
    this.held.length = 0;
    callback(null, held.length > 0 ? held : undefined);
  }

  private keepHead(chunk: Buffer): void {
    const room = this.options.headBytes - this.headLength;
    if (room <= 0) return;
    const kept = chunk.length <= room ? chunk : chunk.subarray(0, room);
    this.headChunks.push(kept);
    this.headLength += kept.length;
  }
}
