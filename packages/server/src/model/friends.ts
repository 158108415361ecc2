import type { parley } from '@parley/protocol';
import type { Actor, ModelContext } from './context.js';
import type { Tx } from './tx.js';

/**
 * Friends, friend requests, friend groups and the blocklist (CAPABILITIES.md §1.6, §1.7,
 * §2.4, §2.5).
 */

type Resolved = Map<string, Omit<parley.v1.IChangeEntry, 'cursor'>>;

/** Change-stream resolvers of `friend`, `friendRequest`, `friendGroup` and `block` rows. */
export const friendChanges = {
  async friend(_ctx: ModelContext, _userId: string, _ids: readonly string[]): Promise<Resolved> {
    return new Map();
  },
  async friendRequest(_ctx: ModelContext, _userId: string, _ids: readonly string[]): Promise<Resolved> {
    return new Map();
  },
  async friendGroup(_ctx: ModelContext, _userId: string, _ids: readonly string[]): Promise<Resolved> {
    return new Map();
  },
  async block(_ctx: ModelContext, _userId: string, _ids: readonly string[]): Promise<Resolved> {
    return new Map();
  },
};

/** The friends, requests and blocklist sections of `sync.snapshot`. */
export async function friendSnapshot(_ctx: ModelContext, _userId: string, _sections: ReadonlySet<parley.v1.SnapshotSection>): Promise<Partial<parley.v1.ISnapshot>> {
  return {};
}

/** Ids of the users `userId` has a friend edge to (presence and profile fan-out). */
export async function friendIdsOf(_ctx: ModelContext, _userId: string): Promise<string[]> {
  return [];
}

/**
 * Checks inside the send transaction that `actor` may send a C2C message to `peerId`: the
 * peer's blocklist (policy `blockEnforceOnSend`) and `chatFriendOnly`.
 * @throws ServerError BLOCKED_BY_PEER, NOT_FRIENDS
 */
export async function checkC2CSend(_tx: Tx, _ctx: ModelContext, _actor: Actor, _peerId: string): Promise<void> {}
