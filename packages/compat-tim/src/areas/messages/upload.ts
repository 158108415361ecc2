import '../../index.js';
/**
 * Messages with files: the core's media area (uploads with progress, the outbox's upload step).
 * Loaded on the first send of a file, or when the outbox holds a message whose files still
 * need uploading (`wire.ts` installs the step that loads it).
 */
import { type Client, type MediaSendOptions, type Message, type MessageDraft, mediaOf } from '@parley/core';

/** Sends a draft whose media are local files, with upload progress. */
export function send(client: Client, draft: MessageDraft, options: MediaSendOptions): Promise<Message> {
  return mediaOf(client).send(draft, options);
}

/** Sends a failed message with files again (uploading what never made it). */
export function resend(client: Client, clientMsgId: string, options: MediaSendOptions): Promise<Message> {
  return mediaOf(client).resend(clientMsgId, options);
}

/** The outbox's upload step; from now on the media area installs its own. */
export function prepare(client: Client, message: Message): Promise<Message> {
  return mediaOf(client).prepare(message);
}
