import type { parley } from '@parley/protocol';
import type { Emitter } from 'nanoevents';
import type { ClientEvents } from '../events.js';
import {
  type Block,
  type ConvFolder,
  type Conversation,
  type Friend,
  type FriendGroup,
  type FriendRequest,
  type Group,
  type GroupMember,
  type GroupMembership,
  type Profile,
  plain,
  type Settings,
  type SystemHead,
  toConversation,
} from '../model.js';
import { Collection } from './collection.js';
import { ConversationStore } from './conversations.js';
import { K } from './keys.js';
import { MessageCache } from './messages.js';
import type { Persist } from './persist.js';

/**
 * The client's state: every collection, the message cache and the change cursor, persisted
 * through one write-behind queue and announced through the client's events.
 */
export class Store {
  readonly conversations: ConversationStore;
  readonly messages: MessageCache;
  readonly friends: Collection<Friend>;
  readonly friendRequests: Collection<FriendRequest>;
  readonly friendGroups: Collection<FriendGroup>;
  readonly blocklist: Collection<Block>;
  readonly groups: Collection<Group>;
  readonly memberships: Collection<GroupMembership>;
  readonly profiles: Collection<Profile>;
  readonly folders: Collection<ConvFolder>;
  #members = new Map<string, Collection<GroupMember>>();
  #settings: Settings = {};
  #systemHead: SystemHead = {};
  #cursor = 0;

  constructor(
    readonly persist: Persist,
    private readonly events: Emitter<ClientEvents>,
  ) {
    const e = events;
    this.conversations = new ConversationStore(persist, (c) => e.emit('conversations', c));
    this.messages = new MessageCache(persist);
    this.friends = new Collection<Friend>('friend', (f) => f.friendId ?? '', persist, (c) => e.emit('friends', c));
    this.friendRequests = new Collection<FriendRequest>('freq', (r) => r.id ?? '', persist, (c) => e.emit('friendRequests', c));
    this.friendGroups = new Collection<FriendGroup>('fgroup', (g) => g.name ?? '', persist, (c) => e.emit('friendGroups', c));
    this.blocklist = new Collection<Block>('block', (b) => b.blockedId ?? '', persist, (c) => e.emit('blocklist', c));
    this.groups = new Collection<Group>('group', (g) => g.groupId ?? '', persist, (c) => e.emit('groups', c));
    this.memberships = new Collection<GroupMembership>('membership', (m) => m.groupId ?? '', persist, (c) => e.emit('memberships', c));
    this.profiles = new Collection<Profile>('profile', (p) => p.userId ?? '', persist, (c) => e.emit('profiles', c));
    this.folders = new Collection<ConvFolder>('folder', (f) => f.name ?? '', persist, (c) => e.emit('folders', c));
  }

  /** The change cursor the state is valid at (0: never synced). */
  get cursor(): number {
    return this.#cursor;
  }

  set cursor(value: number) {
    if (value === this.#cursor) return;
    this.#cursor = value;
    this.persist.put(K.cursor, value);
  }

  get settings(): Settings {
    return this.#settings;
  }

  get systemHead(): SystemHead {
    return this.#systemHead;
  }

  /** The member list of a group as far as it was fetched. */
  members(groupId: string): Collection<GroupMember> {
    let members = this.#members.get(groupId);
    if (!members) {
      members = new Collection<GroupMember>(`member:${groupId}`, (m) => m.userId ?? '', this.persist, (c) => this.events.emit('members', groupId, c));
      this.#members.set(groupId, members);
    }
    return members;
  }

  /** Forgets the in-memory state (before another user's cache loads). */
  reset(): void {
    this.conversations.reset();
    this.messages.reset();
    for (const c of [this.friends, this.friendRequests, this.friendGroups, this.blocklist, this.groups, this.memberships, this.profiles, this.folders]) c.reset();
    this.#members.clear();
    this.#settings = {};
    this.#systemHead = {};
    this.#cursor = 0;
  }

  /** Loads everything but message bodies from storage: enough to draw the conversation list. */
  async hydrate(): Promise<void> {
    const [cursor, settings, head] = await Promise.all([
      this.persist.get<number>(K.cursor),
      this.persist.get<Settings>(K.entity('settings', 'self')),
      this.persist.get<SystemHead>(K.entity('systemHead', 'self')),
    ]);
    this.#cursor = cursor ?? 0;
    if (settings) this.#settings = settings;
    if (head) this.#systemHead = head;
    await Promise.all([
      this.conversations.hydrate(),
      this.messages.hydrate(),
      this.friends.hydrate(),
      this.friendRequests.hydrate(),
      this.friendGroups.hydrate(),
      this.blocklist.hydrate(),
      this.groups.hydrate(),
      this.memberships.hydrate(),
      this.profiles.hydrate(),
      this.folders.hydrate(),
    ]);
  }

  setSettings(settings: Settings): void {
    this.#settings = plain(settings);
    this.persist.put(K.entity('settings', 'self'), this.#settings);
    this.events.emit('settings', this.#settings);
  }

  setSystemHead(head: SystemHead): void {
    this.#systemHead = plain(head);
    this.persist.put(K.entity('systemHead', 'self'), this.#systemHead);
    this.events.emit('systemHead', this.#systemHead);
  }

  /** Applies one entry of the change stream (§4.4). Returns the groups whose member list moved. */
  applyChange(entry: parley.v1.ChangeEntry): string | undefined {
    const deleted = entry.deleted;
    let memberMoved: string | undefined;
    switch (entry.entity) {
      case 'conversation': {
        const row = entry.conversation as parley.v1.Conversation;
        if (deleted) this.conversations.apply([], [row.convId]);
        else this.conversations.apply([toConversation(row)]);
        break;
      }
      case 'friend':
        apply(this.friends, entry.friend as Friend, deleted, (f) => f.friendId ?? '');
        break;
      case 'friendRequest':
        apply(this.friendRequests, entry.friendRequest as FriendRequest, deleted, (r) => r.id ?? '');
        break;
      case 'friendGroup':
        apply(this.friendGroups, entry.friendGroup as FriendGroup, deleted, (g) => g.name ?? '');
        break;
      case 'block':
        apply(this.blocklist, entry.block as Block, deleted, (b) => b.blockedId ?? '');
        break;
      case 'groupMembership': {
        const m = entry.groupMembership as GroupMembership;
        const id = m.groupId ?? '';
        const held = this.memberships.get(id);
        if (deleted || !m.joined) {
          this.memberships.apply([], [id]);
          this.groups.apply([], [id]);
        } else {
          this.memberships.apply([m]);
          if (held && (held.memberVersion ?? 0) !== (m.memberVersion ?? 0)) memberMoved = id;
        }
        break;
      }
      case 'groupInfo':
        apply(this.groups, entry.groupInfo as Group, deleted, (g) => g.groupId ?? '');
        break;
      case 'profile':
        apply(this.profiles, entry.profile as Profile, deleted, (p) => p.userId ?? '');
        break;
      case 'settings':
        if (entry.settings) this.setSettings(entry.settings);
        break;
      case 'convFolder':
        apply(this.folders, entry.convFolder as ConvFolder, deleted, (f) => f.name ?? '');
        break;
      case 'systemHead':
        if (entry.systemHead) this.setSystemHead(entry.systemHead);
        break;
      default:
        // `overlay` entries (deleted-for-self tombstones, private inserts) are applied by sync.
        break;
    }
    return memberMoved;
  }

  /** Replaces the state with a snapshot (first login, or after a `reset`). */
  applySnapshot(snapshot: parley.v1.Snapshot): void {
    this.conversations.replace(snapshot.conversations.map((c) => toConversation(c)));
    this.friends.replace(snapshot.friends);
    this.friendRequests.replace(snapshot.friendRequests);
    this.friendGroups.replace(snapshot.friendGroups);
    this.blocklist.replace(snapshot.blocks);
    this.groups.replace(snapshot.groups);
    this.memberships.replace(snapshot.memberships.filter((m) => m.joined));
    this.folders.replace(snapshot.folders);
    if (snapshot.profile) this.profiles.apply([snapshot.profile]);
    if (snapshot.settings) this.setSettings(snapshot.settings);
    if (snapshot.systemHead) this.setSystemHead(snapshot.systemHead);
    this.cursor = snapshot.cursor;
  }

  /** The conversation row, created locally (hidden until the server's row arrives) when missing. */
  ensureConversation(convId: string): Conversation {
    return (
      this.conversations.get(convId) ??
      (this.conversations.patch(
        convId,
        () => {},
        () => toConversation({ convId }),
      ) as Conversation)
    );
  }
}

function apply<T extends object>(collection: Collection<T>, item: T, deleted: boolean, idOf: (item: T) => string): void {
  if (deleted) collection.apply([], [idOf(item)]);
  else collection.apply([item]);
}
