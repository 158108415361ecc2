import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ErrorCode, ServerError, invalidParam } from '../errors.js';
import type { Logger } from '../log.js';
import type { AppRuntime } from '../model/context.js';
import { isImageKind, type MediaRecord, maxBytesFor, newMediaId, saveMedia, type StoredRendition, type UploadTicketRecord } from '../model/media.js';
import type { ServerStore } from '../store/types.js';
import { UploadMeter } from './meter.js';
import { isResizable, needsRendition, RENDITION_SIDES, renderImage } from './renditions.js';
import { imageFormatOf, type SniffedImage, sniffImage } from './sniff.js';
import type { MediaStore, RenditionName } from './types.js';

/** What storing an upload needs: the byte store, the metadata store, a log and a clock. */
export interface MediaDeps {
  files: MediaStore;
  store: ServerStore;
  log: Logger;
  now(): number;
}

/** Bytes of an image's head kept for reading its size (JPEG metadata segments come before it). */
const IMAGE_HEAD_BYTES = 256 * 1024;
const FORMAT = /^[a-z0-9]{1,10}$/;

/**
 * Refused because the bytes are not what the ticket declared (an "image" that is no known image
 * type). The HTTP layer answers it with 415.
 */
export class MediaTypeMismatch extends ServerError {
  constructor(message: string) {
    super(ErrorCode.INVALID_PARAM, message, { detail: 'file' });
  }
}

/** One upload to store. */
export interface IngestInput {
  app: AppRuntime;
  ticket: UploadTicketRecord;
  /** The file's bytes. */
  source: Readable;
  /**
   * Settles when the rest of the request is read (a multipart body after the file part); it
   * rejects when the body turns out to be invalid (a second file), which discards the upload.
   */
  finished: Promise<void>;
  /** A file name from the request (the multipart part's), used when the ticket has none. */
  fileName: string;
  /**
   * Client-measured duration in seconds (audio, video), 0 when not given. Read once the body is
   * complete, so a multipart field may come after the file.
   */
  durationSec: () => number;
}

/**
 * Stores an upload: streams the bytes through a meter (size limit, CRC-32, type check) into the
 * byte store, generates image renditions, then records the metadata. Anything refused or failed
 * leaves nothing stored.
 *
 * @returns The stored record.
 * @throws ServerError `TOO_LARGE` past the kind's limit; {@link MediaTypeMismatch} for an image
 *   kind whose bytes are no known image; `INVALID_PARAM` for an empty file or a size other than
 *   the ticket's.
 */
export async function ingestUpload(deps: MediaDeps, input: IngestInput): Promise<MediaRecord> {
  const { app, ticket } = input;
  const mediaId = newMediaId();
  const image = isImageKind(ticket.kind);
  const meter = new UploadMeter({
    limit: maxBytesFor(app.policy, ticket.kind),
    headBytes: image ? IMAGE_HEAD_BYTES : 16,
    ...(image && { checkHead: requireImage }),
  });
  const write = await deps.files.create(app.id, mediaId, 'original');
  let durationSec = 0;
  try {
    await pipeline(input.source, meter, write.stream);
    await input.finished;
    checkSize(meter.size, ticket.size);
    durationSec = input.durationSec();
    await write.commit();
  } catch (error) {
    await write.abort();
    throw error;
  }

  const sniffed = image ? sniffImage(meter.head) : undefined;
  const fileName = ticket.fileName || input.fileName;
  const record: MediaRecord = {
    mediaId,
    appId: app.id,
    ownerId: ticket.userId,
    kind: ticket.kind,
    mime: sniffed?.mime ?? (ticket.mime || 'application/octet-stream'),
    fileName,
    size: meter.size,
    crc32: meter.crc32,
    width: sniffed?.width ?? 0,
    height: sniffed?.height ?? 0,
    format: sniffed?.format ?? extensionOf(fileName),
    durationSec,
    renditions: sniffed ? await makeRenditions(deps, app.id, mediaId, sniffed, meter.size) : [],
    createdAt: deps.now(),
  };
  try {
    await saveMedia(deps.store, record);
  } catch (error) {
    await deps.files.delete(app.id, mediaId);
    throw error;
  }
  return record;
}

function requireImage(head: Buffer): void {
  if (imageFormatOf(head) === undefined) throw new MediaTypeMismatch('the file is not a PNG, JPEG, GIF, BMP or WebP image');
}

function checkSize(size: number, declared: number): void {
  if (size === 0) throw invalidParam('file', 'the file is empty');
  // A declared size that does not match means a truncated or substituted upload.
  if (declared > 0 && size !== declared) throw invalidParam('size', `the file has ${size} bytes, the ticket declared ${declared}`);
}

function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  const ext = dot > 0 ? fileName.slice(dot + 1).toLowerCase() : '';
  return FORMAT.test(ext) ? ext : '';
}

/**
 * The original, large and thumb renditions of an image. Each smaller one is generated when the
 * image is larger than its size and can be resized; otherwise, and when generating fails (a
 * damaged image whose header looked right), the original serves as that rendition.
 */
async function makeRenditions(deps: MediaDeps, app: string, mediaId: string, image: SniffedImage, size: number): Promise<StoredRendition[]> {
  const original: StoredRendition = { kind: 'original', object: 'original', width: image.width, height: image.height, size };
  const renditions: StoredRendition[] = [original];
  for (const kind of ['large', 'thumb'] as const) {
    const made = needsRendition(image.format, image.width, image.height, RENDITION_SIDES[kind])
      ? await renderOne(deps, app, mediaId, image, kind)
      : undefined;
    renditions.push(made ?? { ...original, kind });
  }
  return renditions;
}

async function renderOne(deps: MediaDeps, app: string, mediaId: string, image: SniffedImage, kind: Exclude<RenditionName, 'original'>): Promise<StoredRendition | undefined> {
  const format = image.format;
  if (!isResizable(format)) return undefined;
  const source = await deps.files.open(app, mediaId, 'original');
  if (source === undefined) return undefined;
  const write = await deps.files.create(app, mediaId, kind);
  try {
    const info = await renderImage(source.stream, format, RENDITION_SIDES[kind], write.stream);
    await write.commit();
    return { kind, object: kind, ...info };
  } catch (error) {
    source.stream.destroy();
    await write.abort();
    deps.log.warn('image rendition failed; the original serves instead', { mediaId, rendition: kind, err: error });
    return undefined;
  }
}
