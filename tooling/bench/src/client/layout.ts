// The client's storage layout, as far as the cold-start benchmark writes it directly.
//
// MIRRORED from packages/core/src/store/keys.ts (`K`), which `@parley/core` does not export.
// Keep the two in step until the layout is exported (e.g. from `@parley/core/testing`); the
// cold-start benchmark checks that the client reads what it wrote (1,000 rows, each with its
// last message), so a drift shows up as a failed run, not as a wrong figure.
import type { StorageKey } from '@parley/core';

export const LAYOUT = {
  /** The change cursor the cached state is valid at. */
  cursor: ['meta', 'cursor'] as StorageKey,
  /** The signed-in user's id. */
  user: ['meta', 'user'] as StorageKey,
  /** A conversation row (`Conversation`, with its `lastMessage`). */
  conv: (convId: string): StorageKey => ['conv', convId],
  /** The prefix of every conversation row. */
  convs: ['conv'] as StorageKey,
  /** The seq window `(low, high]` of a conversation whose every entry is stored. */
  window: (convId: string): StorageKey => ['win', convId],
  /** One message (`Message`) by conversation and seq. */
  msg: (convId: string, seq: number): StorageKey => ['msg', convId, seq],
  /** The prefix of every message. */
  allMsgs: ['msg'] as StorageKey,
};
