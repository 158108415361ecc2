import type { Envelope } from '@parley/protocol';
import type { ConnectionState } from './codes.js';
import type { StorageError } from './errors.js';
import type {
  Block,
  ConvFolder,
  Conversation,
  Friend,
  FriendGroup,
  FriendRequest,
  Group,
  GroupMember,
  GroupMembership,
  Message,
  Profile,
  Settings,
  SystemHead,
} from './model.js';
import type { CollectionChange } from './store/collection.js';

/** What the push carried, as the wire decoded it. */
export type PushFrame = NonNullable<Envelope['push']>;

/**
 * Every event of a {@link Client}. Subscribe with `client.on(name, listener)`, which returns
 * the unsubscribe function. Message and conversation events are emitted in seq order, after
 * gaps are filled, and never twice for one entry.
 */
export interface ClientEvents {
  /** The connection state changed. */
  state(state: ConnectionState, previous: ConnectionState): void;
  /** The cached state was loaded from storage (before the network answers). */
  hydrated(): void;
  /** Sync started after a login or reconnect. */
  syncStart(): void;
  /** Sync finished: the store is caught up with the server. */
  syncEnd(): void;
  /** Sync failed (the connection dropped during it); it starts again on reconnect. */
  syncFailed(error: Error): void;
  /** The session was kicked (`KickReason`); the client does not reconnect on its own. */
  kicked(reason: number, detail: string): void;
  /** The credential is about to expire or has expired: call `client.refreshCredential()`. */
  credentialRequired(reason: 'expiring' | 'expired', expiresAt: number): void;
  /** Storage failed; the client keeps working from memory and persists nothing more. */
  storageError(error: StorageError): void;
  /** New entries of one conversation, ascending by seq (received, synced, or sent from another device). */
  messages(convId: string, messages: Message[]): void;
  /** A message changed: sent, failed, revoked, modified, read, extensions, or deleted for self. */
  messageUpdated(message: Message): void;
  /** Conversation rows changed. */
  conversations(change: CollectionChange<Conversation>): void;
  friends(change: CollectionChange<Friend>): void;
  friendRequests(change: CollectionChange<FriendRequest>): void;
  friendGroups(change: CollectionChange<FriendGroup>): void;
  blocklist(change: CollectionChange<Block>): void;
  groups(change: CollectionChange<Group>): void;
  memberships(change: CollectionChange<GroupMembership>): void;
  /** A group's member list changed (after a refetch on a `memberVersion` move, or a push). */
  members(groupId: string, change: CollectionChange<GroupMember>): void;
  profiles(change: CollectionChange<Profile>): void;
  settings(settings: Settings): void;
  folders(change: CollectionChange<ConvFolder>): void;
  systemHead(head: SystemHead): void;
  /**
   * Every push, after the client has applied it (rooms, typing, presence, receipts,
   * attributes…): shims derive their vendor events from it.
   */
  push(push: PushFrame): void;
}
