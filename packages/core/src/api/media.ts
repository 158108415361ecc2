import type { parley } from '@parley/protocol';
import type { DraftMessage, Media, PendingUpload } from '../builders.js';
import type { Client, MessageDraft } from '../client.js';
import { ClientCode } from '../codes.js';
import { ConnectionError, RequestError, UploadError } from '../errors.js';
import type { Element, Message } from '../model.js';
import { plain, toMessage } from '../model.js';
import { area } from './area.js';
import { absoluteMediaUrl, mediaOrigin } from './media-url.js';

/** Options of {@link MediaApi.upload}. */
export interface UploadOptions {
  /** `MediaKind`: 0 file, 1 image, 2 audio, 3 video, 4 avatar, 5 relay. */
  kind: number;
  /** @default the `File`'s name, else `'file'` */
  fileName?: string;
  /** @default the `Blob`'s type */
  mime?: string;
  /** Seconds, as the uploader measured them (audio, video). */
  durationSec?: number;
  /** Called with the fraction sent, from 0 to 1 (only 0 and 1 where the platform has no upload progress). */
  onProgress?: (fraction: number) => void;
  /** Aborting rejects with `ABORTED`. */
  signal?: AbortSignal;
  /** How long the HTTP upload may take. @default 600000 (the lifetime of an upload ticket) */
  timeoutMs?: number;
}

/** Options of {@link MediaApi.send}. */
export interface MediaSendOptions {
  /** Upload progress of the message's files together, from 0 to 1. */
  onProgress?: (fraction: number) => void;
}

const DEFAULT_UPLOAD_TIMEOUT_MS = 600_000;

/**
 * Media (CAPABILITIES.md §2.12): uploads over HTTP with a ticket from `media.uploadTicket`,
 * temporary URLs (`media.resolve`), and the upload step of messages drafted with local files.
 */
export class MediaApi {
  /** Progress listeners of messages being sent, by client message id. */
  #progress = new Map<string, (fraction: number) => void>();

  constructor(private readonly client: Client) {
    // Messages with files in the outbox are uploaded by this area before they are sent.
    client.setMessagePreparer((message) => this.prepare(message));
  }

  /**
   * The server's HTTP origin, from the WebSocket URL (`wss://h/parley/ws` → `https://h`).
   * @throws {ConnectionError} `INVALID_STATE` when the client's URL cannot be parsed.
   */
  get origin(): string {
    return mediaOrigin(this.client);
  }

  /** An absolute URL for a media URL the server gave relative to its origin; absolute URLs are returned as they are. */
  absoluteUrl(url: string): string {
    return absoluteMediaUrl(this.client, url);
  }

  /**
   * Uploads a file: asks for a ticket on the session, then POSTs the file as
   * `multipart/form-data` with the ticket's token. Resolves with the stored media, its URLs
   * made absolute.
   * @throws {UploadError} `UPLOAD_FAILED` when the server refuses the ticket (`cause` is the
   *   {@link RequestError}, e.g. `TOO_LARGE`; `status` 0) or the upload (`status` is the HTTP
   *   status), or the network fails (`status` 0).
   * @throws {ConnectionError} `ABORTED` when `signal` aborts; `NOT_CONNECTED` etc. when no session
   *   could ask for the ticket ({@link TimeoutError} when it took too long).
   */
  async upload(file: Blob, options: UploadOptions): Promise<Media> {
    const fileName = options.fileName || (file as Blob & { name?: string }).name || 'file';
    const mime = options.mime || file.type || '';
    if (options.signal?.aborted) throw aborted();
    let ticket: parley.v1.UploadTicket.$Properties | undefined;
    try {
      ticket = await this.client.request('mediaUploadTicket', { kind: options.kind, fileName, mime, size: file.size }, options.signal ? { signal: options.signal } : {});
    } catch (error) {
      // Only a refusal fails the upload; a dropped link leaves a message pending for the next session.
      if (!(error instanceof RequestError)) throw error;
      throw new UploadError(0, `upload refused: ${(error as Error).message}`, { cause: error });
    }
    if (!ticket?.uploadUrl || !ticket.token) throw new UploadError(0, 'the server gave no upload ticket');
    const form = new FormData();
    if (options.durationSec) form.append('durationSec', String(options.durationSec));
    form.append('file', file, fileName);
    const report = progressReporter(options.onProgress);
    report(0);
    const body = await post(this.absoluteUrl(ticket.uploadUrl), ticket.token, form, {
      report,
      signal: options.signal,
      timeoutMs: options.timeoutMs ?? DEFAULT_UPLOAD_TIMEOUT_MS,
      env: this.client.options.env,
    });
    report(1);
    return this.#absolute(plain(body as Media));
  }

  /**
   * Temporary signed URLs for media ids (J `getResource`, relay bodies). Unknown ids are left out.
   * @throws {RequestError} `INVALID_PARAM` for a malformed id, `LIMIT_EXCEEDED` past 100 ids.
   */
  async resolve(mediaIds: readonly string[]): Promise<Media[]> {
    const result = await this.client.request('mediaResolve', { mediaIds: [...mediaIds] });
    return (result?.media ?? []).map((m) => this.#absolute(plain(m)));
  }

  /**
   * Sends a draft whose media are local files, reporting the upload progress (0..1) of all its
   * files together; the upload runs in the outbox right before the send, and again on a resend.
   * @throws {RequestError} when the server refuses the message; {@link UploadError} when an upload fails
   *   (the message is then `failed` with `UPLOAD_FAILED`).
   */
  async send(draft: MessageDraft & { uploads?: PendingUpload[] }, options: MediaSendOptions = {}): Promise<Message> {
    const clientMsgId = draft.clientMsgId || this.client.options.env.uuid();
    if (options.onProgress) this.#progress.set(clientMsgId, options.onProgress);
    try {
      return await this.client.send({ ...draft, clientMsgId });
    } finally {
      this.#progress.delete(clientMsgId);
    }
  }

  /**
   * Sends a failed message again (uploading its files again if they never made it), with progress.
   * @throws As {@link send}; `MESSAGE_NOT_FOUND` when no unsent message has this id.
   */
  async resend(clientMsgId: string, options: MediaSendOptions = {}): Promise<Message> {
    if (options.onProgress) this.#progress.set(clientMsgId, options.onProgress);
    try {
      return await this.client.resend(clientMsgId);
    } finally {
      this.#progress.delete(clientMsgId);
    }
  }

  /**
   * The messages inside a merger element (T `downloadMergerMessage`): the inline ones, or the
   * body uploaded as a `relay` media, fetched with a fresh URL.
   * @throws {UploadError} `UPLOAD_FAILED` when the body cannot be downloaded (`status` is the
   *   HTTP status) or is not a merger body.
   */
  async mergerMessages(merger: parley.v1.MergerElem.$Properties): Promise<Message[]> {
    if (merger.messages?.length || !merger.relay) return (merger.messages ?? []).map((m) => toMessage(m));
    const relay = merger.relay;
    const url = relay.mediaId ? ((await this.resolve([relay.mediaId]))[0]?.url ?? '') : this.absoluteUrl(relay.url ?? '');
    if (!url) throw new UploadError(404, 'the merger body is gone');
    let response: Response;
    try {
      response = await fetch(url);
    } catch (cause) {
      throw new UploadError(0, 'the merger body could not be downloaded', { cause });
    }
    const text = await response.text();
    if (!response.ok) throw refusal(response.status, text);
    const body = parseJson(response.status, text);
    if (!Array.isArray(body)) throw new UploadError(response.status, 'the merger body is not a list of messages');
    return body.map((m) => toMessage(m as parley.v1.Message.$Properties));
  }

  /**
   * The outbox's preparation step: uploads every pending file of a message and fills its
   * element. Returns a new message without the `uploads` sidecar, or the same object when
   * there is nothing to upload. Nothing is sent before this resolves.
   * @throws {UploadError} when an upload fails (the outbox marks the message failed).
   */
  async prepare(message: Message): Promise<Message> {
    const draft = message as DraftMessage;
    const uploads = draft.uploads;
    if (uploads === undefined) return message;
    const { uploads: _sidecar, ...rest } = draft;
    const prepared: Message = { ...rest, elements: message.elements.map((e) => ({ ...e })) };
    if (uploads.length === 0) return prepared;
    const listener = this.#progress.get(message.clientMsgId);
    const onProgress = listener && progressReporter(listener);
    const total = uploads.reduce((sum, u) => sum + Math.max(u.file.size, 1), 0);
    let done = 0;
    onProgress?.(0);
    for (const upload of uploads) {
      const weight = Math.max(upload.file.size, 1);
      const base = done;
      const media = await this.upload(upload.file, {
        kind: upload.kind,
        fileName: upload.fileName,
        mime: upload.mime,
        ...(upload.durationSec !== undefined && { durationSec: upload.durationSec }),
        ...(onProgress && { onProgress: (f: number) => onProgress(Math.min(1, (base + f * weight) / total)) }),
      });
      done += weight;
      fill(prepared.elements, upload, media);
    }
    onProgress?.(1);
    return prepared;
  }

  #absolute(media: Media): Media {
    if (media.url) media.url = this.absoluteUrl(media.url);
    if (media.renditions) media.renditions = media.renditions.map((r) => ({ ...plain(r), url: this.absoluteUrl(r.url ?? '') }));
    return media;
  }
}

/** Puts uploaded media into its element: the server's record, with what the sender knew where the server has nothing. */
function fill(elements: Element[], upload: PendingUpload, uploaded: Media): void {
  const element = elements[upload.elementIndex];
  if (!element) throw new UploadError(0, `no element ${upload.elementIndex} for an upload`);
  if (upload.slot === 'relay') {
    if (!element.merger) throw new UploadError(0, `element ${upload.elementIndex} is no merger`);
    element.merger = { ...element.merger, relay: { ...(element.merger.relay ?? {}), ...defined(uploaded) } };
    return;
  }
  const slot = (['image', 'audio', 'video', 'file'] as const).find((k) => element[k]);
  if (!slot) throw new UploadError(0, `element ${upload.elementIndex} holds no media`);
  const elem = { ...element[slot] };
  const known = (upload.slot === 'thumb' ? elem.thumb : elem.media) ?? {};
  const merged: Media = { ...known, ...defined(uploaded) };
  if (upload.slot === 'thumb') elem.thumb = merged;
  else elem.media = merged;
  element[slot] = elem;
}

/** The fields the server actually filled (zeros and empty strings are "unknown" on the wire). */
function defined(media: Media): Media {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(media)) {
    if (value === 0 || value === '' || value === undefined || value === null) continue;
    out[key] = value;
  }
  return out as Media;
}

function aborted(): ConnectionError {
  return new ConnectionError(ClientCode.ABORTED, 'upload aborted');
}

/** Reports progress at most once per value, never backwards. */
function progressReporter(listener: ((fraction: number) => void) | undefined): (fraction: number) => void {
  let last = -1;
  return (fraction) => {
    if (!listener || fraction <= last) return;
    last = fraction;
    try {
      listener(fraction);
    } catch {
      // A throwing listener must not fail the upload.
    }
  };
}

interface PostOptions {
  report(fraction: number): void;
  signal: AbortSignal | undefined;
  timeoutMs: number;
  env: Client['options']['env'];
}

/** The upload's HTTP request: XMLHttpRequest where it exists (upload progress), else fetch. */
function post(url: string, token: string, form: FormData, o: PostOptions): Promise<unknown> {
  const XHR = (globalThis as { XMLHttpRequest?: typeof XMLHttpRequest }).XMLHttpRequest;
  return XHR ? postXhr(XHR, url, token, form, o) : postFetch(url, token, form, o);
}

function refusal(status: number, text: string): UploadError {
  let message = `upload failed with HTTP ${status}`;
  try {
    const body = JSON.parse(text) as { error?: { message?: string; code?: number } };
    if (body.error?.message) message = `${message}: ${body.error.message}`;
  } catch {
    // Not a JSON error body (a proxy's page): the status says enough.
  }
  return new UploadError(status, message);
}

function parseJson(status: number, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new UploadError(status, 'the answer is not JSON', { cause });
  }
}

function postXhr(XHR: typeof XMLHttpRequest, url: string, token: string, form: FormData, o: PostOptions): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const xhr = new XHR();
    const onAbort = () => xhr.abort();
    const finish = () => o.signal?.removeEventListener('abort', onAbort);
    xhr.open('POST', url);
    xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.timeout = o.timeoutMs;
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) o.report(Math.min(0.99, event.loaded / event.total));
    };
    xhr.onload = () => {
      finish();
      if (xhr.status < 200 || xhr.status >= 300) return reject(refusal(xhr.status, xhr.responseText));
      try {
        resolve(parseJson(xhr.status, xhr.responseText));
      } catch (error) {
        reject(error);
      }
    };
    xhr.onerror = () => {
      finish();
      reject(new UploadError(0, 'upload failed: network error'));
    };
    xhr.ontimeout = () => {
      finish();
      reject(new UploadError(0, `upload took longer than ${o.timeoutMs} ms`));
    };
    xhr.onabort = () => {
      finish();
      reject(aborted());
    };
    o.signal?.addEventListener('abort', onAbort, { once: true });
    xhr.send(form);
  });
}

async function postFetch(url: string, token: string, form: FormData, o: PostOptions): Promise<unknown> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = o.env.setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, o.timeoutMs);
  const onAbort = () => controller.abort();
  o.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const response = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form, signal: controller.signal });
    const text = await response.text();
    if (!response.ok) throw refusal(response.status, text);
    return parseJson(response.status, text);
  } catch (error) {
    if (error instanceof UploadError) throw error;
    if (o.signal?.aborted) throw aborted();
    if (timedOut) throw new UploadError(0, `upload took longer than ${o.timeoutMs} ms`, { cause: error });
    throw new UploadError(0, `upload failed: ${(error as Error).message}`, { cause: error });
  } finally {
    o.env.clearTimeout(timer);
    o.signal?.removeEventListener('abort', onAbort);
  }
}

/** Media: uploads with progress, and the upload step of image/audio/video/file messages. One instance per client, made on first use. */
export const mediaOf = /* @__PURE__ */ area((client) => new MediaApi(client));
