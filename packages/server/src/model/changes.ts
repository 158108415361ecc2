import type { ServerStore } from '../store/types.js';
import { fromJson, K, toJson } from './schema.js';
import type { Tx } from './tx.js';

/**
 * The per-user change stream (CAPABILITIES.md §4.4). Each user has a head cursor; recording a
 * change of an entity gives it the next cursor and drops the entity's previous stream row, so
 * the stream is always compacted to the latest change per entity and never needs a reset
 * horizon. The entity's current state is read when the stream is read.
 */

/**
 * What a stream row points at, and what its id is:
 * - `conv`: a conversation row (conv id);
 * - `membership`: the user's membership of a group (group id);
 * - `groupInfo`: a group's profile, for its members (group id);
 * - `friend`: the user's edge to a friend (friend's user id);
 * - `friendRequest`: a friend request the user sent or received (request id);
 * - `friendGroup`: one of the user's friend groups (its name);
 * - `block`: a blocklist entry (blocked user id);
 * - `profile`: the user's own profile or a friend's (user id);
 * - `systemHead`: the heads of the user's system log and of the app broadcast log (`system`);
 * - `settings`: the user's global settings (`globalSilent`; id `settings`);
 * - `convFolder`: one of the user's conversation folders (its name);
 * - `overlay`: the user's private overlay of one conversation: tombstones and local inserts
 *   (conv id).
 */
export type ChangeKind =
  | 'conv'
  | 'membership'
  | 'groupInfo'
  | 'friend'
  | 'friendRequest'
  | 'friendGroup'
  | 'block'
  | 'profile'
  | 'systemHead'
  | 'settings'
  | 'convFolder'
  | 'overlay';

interface ChangeRow {
  kind: ChangeKind;
  id: string;
}

/** Head cursor of a user's stream inside a transaction (checked at commit). */
export async function changeHead(tx: Tx, app: string, userId: string): Promise<number> {
  const bytes = await tx.get(K.changeHead(app, userId));
  return bytes ? fromJson<{ cursor: number }>(bytes).cursor : 0;
}

/**
 * Records that an entity changed for `userId`, returning the new cursor. Call once per entity
 * per transaction; several calls for one user in a transaction take consecutive cursors.
 */
export async function recordChange(
  tx: Tx,
  app: string,
  userId: string,
  kind: ChangeKind,
  id: string,
  /**
   * The entity's previous cursor when the entity row carries it itself (conversation rows keep
   * it as their `version`), which saves reading the entity index. Omit it to use the index.
   */
  previousCursor?: number,
): Promise<number> {
  const cursor = (await changeHead(tx, app, userId)) + 1;
  if (previousCursor === undefined) {
    const entityKey = K.changeEntity(app, userId, kind, id);
    const previous = await tx.get(entityKey);
    if (previous) tx.delete(K.changeLog(app, userId, fromJson<{ cursor: number }>(previous).cursor));
    tx.set(entityKey, toJson({ cursor }));
  } else if (previousCursor > 0) {
    tx.delete(K.changeLog(app, userId, previousCursor));
  }
  tx.set(K.changeLog(app, userId, cursor), toJson({ kind, id } satisfies ChangeRow));
  tx.set(K.changeHead(app, userId), toJson({ cursor }));
  return cursor;
}

/** One compacted stream row. */
export interface ChangeRef {
  cursor: number;
  kind: ChangeKind;
  id: string;
}

/** Reads stream rows after `since`, in cursor order, plus the head at the time of reading. */
export async function readChanges(
  store: ServerStore,
  app: string,
  userId: string,
  since: number,
  limit: number,
): Promise<{ changes: ChangeRef[]; head: number; hasMore: boolean }> {
  const headRow = await store.get(K.changeHead(app, userId));
  const head = headRow ? fromJson<{ cursor: number }>(headRow.value).cursor : 0;
  // Nothing lies past the head. A cursor at or beyond it reads nothing, and must not reach the
  // key below: the successor of 2^53 − 1 is no key (the request failed as INTERNAL).
  if (since >= head) return { changes: [], head, hasMore: false };
  const rows = await store.list({
    prefix: K.changeLogPrefix(app, userId),
    start: K.changeLog(app, userId, since + 1),
    limit: limit + 1,
  });
  const changes = rows.slice(0, limit).map((row) => {
    const { kind, id } = fromJson<ChangeRow>(row.value);
    return { cursor: row.key[row.key.length - 1] as number, kind, id };
  });
  return { changes, head, hasMore: rows.length > limit };
}
