import { type Client, isBlob, type Media, mediaOf } from '@parley/core';
import type { MlCore } from '../../core.js';
import { paramError } from '../../errors.js';
import { coreContentOf, isMediaKind } from './content.js';

/** What `toFriend`/`toGroup`/`toRoom` + `text`/`image`/`audio`/`video`/`mediaUrl` build (§4.3). */
export interface OutgoingMessage {
  to: { id: string; type: number };
  content: { media: number; body: unknown };
  ts?: number;
}

/** Conversation prefixes by `to.type`: friend, group, listed room, passenger (a one-to-one chat). */
const PREFIX: Record<number, string> = { 0: 'c2c:', 1: 'group:', 2: 'room:', 3: 'c2c:' };

/** The conversation a MaxLeap target names. @throws {MlError} 5001 for a missing id or an unknown type. */
export function convIdOf(to: { id?: unknown; type?: unknown } | undefined): string {
  const prefix = PREFIX[Number(to?.type ?? 0)];
  if (!prefix) throw paramError('to.type');
  if (typeof to?.id !== 'string' || to.id === '') throw paramError('to.id');
  return `${prefix}${to.id}`;
}

/** What this area reads of a `FormData` (`forEach` is in every DOM and Node typing of it). */
interface FormLike {
  forEach(callback: (value: unknown) => void): void;
  getAll(name: string): unknown[];
}

/** The file to upload: a `File`/`Blob`, or the one file field of a `FormData` (any field name: `userfile`, `attachment`…). */
export function fileOf(body: unknown): Blob | undefined {
  if (isBlob(body)) return body;
  const form = body as FormLike | null;
  if (typeof form?.forEach !== 'function' || typeof form.getAll !== 'function') return undefined;
  const files: Blob[] = [];
  form.forEach((value) => {
    if (isBlob(value)) files.push(value);
  });
  return files[0];
}

/** Resolves once the client has a logged-in user (the core refuses sends before that). */
function loggedIn(client: Client): Promise<void> {
  if (client.userId) return Promise.resolve();
  return new Promise((resolve) => {
    const off = client.on('syncStart', () => {
      off();
      resolve();
    });
  });
}

async function deliver(core: MlCore, message: OutgoingMessage, upload: boolean): Promise<void> {
  const convId = convIdOf(message.to);
  const { media, body } = message.content ?? { media: 0, body: undefined };
  let uploaded: Media | undefined;
  if (upload && isMediaKind(media) && typeof body !== 'string' && !Array.isArray(body)) {
    const file = fileOf(body);
    if (!file) throw paramError('content.body (a File, Blob or FormData)');
    uploaded = await mediaOf(core.client).upload(file, { kind: media });
  }
  const content = coreContentOf({ media, body }, uploaded);
  await loggedIn(core.client);
  await core.client.send({ convId, elements: content.elements, fallbackText: content.fallbackText, clientTime: Number(message.ts) || Date.now() });
}

/**
 * `ok()` / `send()`: sends a built message, fire and forget. For image/audio/video with a
 * File, Blob or FormData body and `upload` set, the file is uploaded first and the message
 * carries the uploaded media (its body is the URL on every receiver); a URL body is sent as it
 * is. It goes through the core's outbox, so a message survives a reconnect. Listed rooms need
 * no entering: members online get it, and it is not stored. A failure (the upload, a refusal)
 * sends nothing and is logged: the vendor API reports nothing back.
 */
export function sendMessage(core: MlCore, message: OutgoingMessage, upload: boolean): void {
  deliver(core, message, upload).catch((error: unknown) => {
    console.warn('[ML.im] message not sent:', error instanceof Error ? error.message : error);
  });
}
