import type { parley } from '@parley/protocol';
import { ErrorCode, ServerError } from '../errors.js';
import { decodeMessage, type EntryLocation, fromJson, K } from './schema.js';
import type { Tx } from './tx.js';

/**
 * The original result of a send that `senderId` already made with `clientMsgId` (§4.3 dedup),
 * read inside `tx`; undefined when it is new.
 */
export async function findSent(tx: Tx, app: string, senderId: string, clientMsgId: string): Promise<parley.v1.ISendResult | undefined> {
  const seen = await tx.get(K.byClientId(app, senderId, clientMsgId));
  if (!seen) return undefined;
  const location = fromJson<EntryLocation>(seen);
  const original = await tx.get(K.entry(app, location.log, location.seq));
  if (!original) throw new ServerError(ErrorCode.INTERNAL, 'dedup index points at a missing entry');
  const stored = decodeMessage(original);
  return { serverMsgId: stored.serverMsgId, seq: stored.seq, time: stored.time, duplicate: true, senderTinyId: stored.senderTinyId };
}
