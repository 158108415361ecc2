import { randomBytes } from 'node:crypto';
import { parley } from '@parley/protocol';
import { issueToken } from '../auth/tokens.js';
import type { Policy } from '../config/types.js';
import { ErrorCode, ServerError, invalidParam } from '../errors.js';
import { isMediaId, type RenditionName } from '../media/types.js';
import { MEDIA_ROUTE_PREFIX, signedMediaUrl } from '../media/urls.js';
import type { Key, ServerStore } from '../store/types.js';
import type { Actor, AppRuntime, ModelContext } from './context.js';
import { fromJson, toJson } from './schema.js';
import { transact } from './tx.js';

/**
 * Media metadata (§1.13) and upload tickets. The bytes live in a `MediaStore` (`../media/`);
 * here are the records that say who uploaded what, and the one-use tickets that let a client
 * upload over HTTP after asking on its WebSocket session (§2.12).
 */

const MediaKind = parley.v1.MediaKind;
const RenditionKind = parley.v1.RenditionKind;

/** Rows of this module, all under the tag `media`. */
export const MK = {
  media: (app: string, mediaId: string): Key => [app, 'media', 'obj', mediaId],
  ticket: (app: string, userId: string, ticketId: string): Key => [app, 'media', 'ticket', userId, ticketId],
  ticketPrefix: (app: string, userId: string): Key => [app, 'media', 'ticket', userId],
} as const;

/** Lifetime of an upload ticket: long enough to start a slow upload, short enough to be useless when leaked. */
export const UPLOAD_TICKET_TTL_SEC = 600;
/** Unused tickets one user may hold at once; expired ones are swept when a new one is issued. */
export const MAX_OPEN_TICKETS = 20;
/** Largest `media.resolve` batch. */
export const MAX_RESOLVE_IDS = 100;
const MAX_FILE_NAME_BYTES = 255;
const MAX_MIME_CHARS = 127;
const MIME = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/;
/** The prefix of a media reference in a profile's `avatar` (§1.3). */
export const MEDIA_REF_PREFIX = 'media:';

/** One rendition of a stored media object. */
export interface StoredRendition {
  kind: RenditionName;
  /** The stored object that holds its bytes: `original` when the upload is small enough to serve as it. */
  object: RenditionName;
  width: number;
  height: number;
  size: number;
}

/** The metadata of one upload (the `Media` entity without URLs, which are signed per request). */
export interface MediaRecord {
  mediaId: string;
  appId: string;
  ownerId: string;
  /** `parley.v1.MediaKind`. */
  kind: number;
  mime: string;
  fileName: string;
  size: number;
  crc32: number;
  width: number;
  height: number;
  /** `jpg`, `png`, … for images (detected); the file name's extension otherwise. */
  format: string;
  durationSec: number;
  /** Images only: original, large and thumb. */
  renditions: StoredRendition[];
  createdAt: number;
}

/** What an upload ticket allows: one upload of this kind, by this user, before `expiresAt`. */
export interface UploadTicketRecord {
  ticketId: string;
  userId: string;
  kind: number;
  fileName: string;
  mime: string;
  /** Declared size; 0 when the client did not say. */
  size: number;
  expiresAt: number;
}

/** A new media id: 120 random bits, URL- and file-name-safe. */
export function newMediaId(): string {
  return randomBytes(15).toString('base64url');
}

/** Whether `kind` must be an image the server can recognise (images and avatars). */
export function isImageKind(kind: number): boolean {
  return kind === MediaKind.MEDIA_KIND_IMAGE || kind === MediaKind.MEDIA_KIND_AVATAR;
}

/** The policy's upload cap for a kind (`media.maxBytes.*`); relay bodies and avatars count as file and image. */
export function maxBytesFor(policy: Policy, kind: number): number {
  switch (kind) {
    case MediaKind.MEDIA_KIND_IMAGE:
    case MediaKind.MEDIA_KIND_AVATAR:
      return policy.mediaMaxImageBytes;
    case MediaKind.MEDIA_KIND_AUDIO:
      return policy.mediaMaxAudioBytes;
    case MediaKind.MEDIA_KIND_VIDEO:
      return policy.mediaMaxVideoBytes;
    default:
      return policy.mediaMaxFileBytes;
  }
}

/** The file-name part of a client's name (browsers may send a path), checked for length and control characters. */
export function checkFileName(name: string, field = 'fileName'): string {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  if (Buffer.byteLength(base) > MAX_FILE_NAME_BYTES) throw invalidParam(field, `must be at most ${MAX_FILE_NAME_BYTES} bytes`);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(base)) throw invalidParam(field, 'must not contain control characters');
  return base;
}

function checkMime(mime: string): string {
  const lower = mime.trim().toLowerCase();
  if (lower === '') return '';
  if (lower.length > MAX_MIME_CHARS || !MIME.test(lower)) throw invalidParam('mime', 'must be a media type like image/png');
  return lower;
}

function checkKind(kind: number): number {
  if (!Object.values(MediaKind).includes(kind)) throw invalidParam('kind', 'is not a media kind');
  return kind;
}

/** `media.uploadTicket`: checks the declared upload and issues a one-use ticket for it. */
export async function issueUploadTicket(ctx: ModelContext, actor: Actor, req: parley.v1.IMediaUploadTicket): Promise<parley.v1.IUploadTicket> {
  const kind = checkKind(req.kind ?? 0);
  const fileName = checkFileName(req.fileName ?? '');
  const mime = checkMime(req.mime ?? '');
  const size = Number(req.size ?? 0);
  const limit = maxBytesFor(ctx.app.policy, kind);
  if (size > limit) throw new ServerError(ErrorCode.TOO_LARGE, `files of this kind are limited to ${limit} bytes`, { detail: 'size' });

  const now = ctx.now();
  const issued = issueToken({ appId: ctx.app.id, userId: actor.userId, kind: 'upload', ttlSec: UPLOAD_TICKET_TTL_SEC, nowMs: now }, ctx.app.config.native.secret);
  const ticket: UploadTicketRecord = { ticketId: issued.tokenId, userId: actor.userId, kind, fileName, mime, size, expiresAt: issued.expiresAt };
  await transact(ctx.store, async (tx) => {
    let open = 0;
    for (const row of await tx.list({ prefix: MK.ticketPrefix(ctx.app.id, actor.userId) })) {
      if (fromJson<UploadTicketRecord>(row.value).expiresAt <= now) tx.delete(row.key);
      else open += 1;
    }
    if (open >= MAX_OPEN_TICKETS) {
      throw new ServerError(ErrorCode.LIMIT_EXCEEDED, `at most ${MAX_OPEN_TICKETS} unused upload tickets`, { detail: 'ticket' });
    }
    tx.set(MK.ticket(ctx.app.id, actor.userId, ticket.ticketId), toJson(ticket));
  });
  return { uploadUrl: `${MEDIA_ROUTE_PREFIX}${encodeURIComponent(ctx.app.id)}`, token: issued.token, expiresAt: issued.expiresAt };
}

/**
 * Uses up a ticket: the first request that presents it deletes it, so a ticket uploads at most
 * one file even when two requests race (the second one's commit fails its read check).
 *
 * @throws ServerError `CREDENTIAL_REPLAYED` when the ticket was used already (or swept after expiry).
 */
export async function claimUploadTicket(store: ServerStore, app: string, userId: string, ticketId: string): Promise<UploadTicketRecord> {
  return transact(store, async (tx) => {
    const key = MK.ticket(app, userId, ticketId);
    const row = await tx.get(key);
    if (row === undefined) throw new ServerError(ErrorCode.CREDENTIAL_REPLAYED, 'this upload ticket was already used', { detail: 'token' });
    tx.delete(key);
    return fromJson<UploadTicketRecord>(row);
  });
}

/** Stores the metadata of a finished upload. */
export async function saveMedia(store: ServerStore, record: MediaRecord): Promise<void> {
  await transact(store, async (tx) => {
    const key = MK.media(record.appId, record.mediaId);
    if ((await tx.get(key)) !== undefined) throw new ServerError(ErrorCode.ALREADY_EXISTS, 'media id collision');
    tx.set(key, toJson(record));
  });
}

/** The metadata of a media object, or `undefined`. */
export async function getMedia(store: ServerStore, app: string, mediaId: string): Promise<MediaRecord | undefined> {
  if (!isMediaId(mediaId)) return undefined;
  const row = await store.get(MK.media(app, mediaId));
  return row ? fromJson<MediaRecord>(row.value) : undefined;
}

/** The expiry of URLs signed now: `mediaUrlTtlSec` from now, or 0 (no expiry) when the policy says 0. */
export function urlExpiry(app: AppRuntime, nowMs: number): number {
  const ttl = app.policy.mediaUrlTtlSec;
  return ttl > 0 ? nowMs + ttl * 1000 : 0;
}

/** The wire `Media` of a record, with download URLs signed until `expiresAt`. */
export function mediaToWire(app: AppRuntime, record: MediaRecord, expiresAt: number): parley.v1.IMedia {
  const url = (rendition: RenditionName): string =>
    signedMediaUrl({ secret: app.config.native.secret, app: app.id, mediaId: record.mediaId, rendition, extension: record.format, expiresAt });
  return {
    mediaId: record.mediaId,
    kind: record.kind,
    url: url('original'),
    expiresAt,
    mime: record.mime,
    fileName: record.fileName,
    size: record.size,
    crc32: record.crc32,
    width: record.width,
    height: record.height,
    format: record.format,
    durationSec: record.durationSec,
    renditions: record.renditions.map((r) => ({ kind: RENDITION_KIND[r.kind], url: url(r.kind), width: r.width, height: r.height, size: r.size })),
    ownerId: record.ownerId,
  };
}

const RENDITION_KIND: Readonly<Record<RenditionName, parley.v1.RenditionKind>> = {
  original: RenditionKind.RENDITION_KIND_ORIGINAL,
  large: RenditionKind.RENDITION_KIND_LARGE,
  thumb: RenditionKind.RENDITION_KIND_THUMB,
};

/**
 * `media.resolve` (JMessage `getResource`): media ids → records with temporary signed URLs.
 * Any logged-in user of the app may resolve any of its media, as in JMessage, where a media id
 * is the capability: ids are 120-bit random, travel only inside messages and profiles the
 * resolver could read, and URLs expire. Unknown ids are left out of the answer (each entry
 * names its `mediaId`), so one stale id does not fail a batch.
 */
export async function resolveMedia(ctx: ModelContext, _actor: Actor, req: parley.v1.IMediaResolve): Promise<parley.v1.IMediaList> {
  const ids = req.mediaIds ?? [];
  if (ids.length === 0) throw invalidParam('mediaIds', 'must name at least one media id');
  if (ids.length > MAX_RESOLVE_IDS) throw new ServerError(ErrorCode.LIMIT_EXCEEDED, `at most ${MAX_RESOLVE_IDS} media ids`, { detail: 'mediaIds' });
  for (const id of ids) if (!isMediaId(id)) throw invalidParam('mediaIds', `'${id.slice(0, 64)}' is not a media id`);
  const unique = [...new Set(ids)];
  const rows = await ctx.store.getMany(unique.map((id) => MK.media(ctx.app.id, id)));
  const expiresAt = urlExpiry(ctx.app, ctx.now());
  const media: parley.v1.IMedia[] = [];
  for (const row of rows) if (row) media.push(mediaToWire(ctx.app, fromJson<MediaRecord>(row.value), expiresAt));
  return { media };
}

/**
 * Turns a profile avatar into a URL a browser can load: a `media:<id>` reference (§1.3) becomes
 * a signed download URL, anything else is returned as it is. It does not look the media up, so
 * it costs no read; a reference to a missing media gives a URL that answers 404.
 */
export function avatarUrl(app: AppRuntime, avatar: string, nowMs: number): string {
  if (!avatar.startsWith(MEDIA_REF_PREFIX)) return avatar;
  const mediaId = avatar.slice(MEDIA_REF_PREFIX.length);
  if (!isMediaId(mediaId)) return avatar;
  return signedMediaUrl({ secret: app.config.native.secret, app: app.id, mediaId, rendition: 'original', extension: '', expiresAt: urlExpiry(app, nowMs) });
}
