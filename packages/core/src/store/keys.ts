import type { StorageKey } from '../storage.js';

/**
 * The client's storage layout, in one place. Every record of one app and user lives in that
 * user's own database, so keys carry no user or app.
 */
export const K = {
  /** The per-user change cursor the cached state is valid at. */
  cursor: ['meta', 'cursor'] as StorageKey,
  /** The signed-in user's id (a sanity check when a database is reused). */
  user: ['meta', 'user'] as StorageKey,
  conv: (convId: string): StorageKey => ['conv', convId],
  convs: ['conv'] as StorageKey,
  /** Per conversation: the seq window `(low, high]` whose every entry is stored. */
  window: (convId: string): StorageKey => ['win', convId],
  windows: ['win'] as StorageKey,
  msg: (convId: string, seq: number): StorageKey => ['msg', convId, seq],
  msgs: (convId: string): StorageKey => ['msg', convId],
  allMsgs: ['msg'] as StorageKey,
  /** Unsent messages, in the order they were written. */
  outbox: (order: number, clientMsgId: string): StorageKey => ['outbox', order, clientMsgId],
  outboxAll: ['outbox'] as StorageKey,
  /** Keyed entity collections (friends, groups, profiles, …): `[kind, id]`. */
  entity: (kind: string, id: string): StorageKey => ['e', kind, id],
  entities: (kind: string): StorageKey => ['e', kind],
};
