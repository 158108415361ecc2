import type { parley } from '@parley/protocol';
import type { Client } from '../client.js';
import { type Conversation, type Group, type GroupMember, plain } from '../model.js';
import { area } from './area.js';
import type { AttrMode, AttrStore } from './attrs.js';
import { GroupAttrs } from './group-attrs.js';
import { GroupLifecycle } from './group-lifecycle.js';
import { GroupMembers } from './group-members.js';
import { GroupTopics } from './group-topics.js';
import { type GroupPatch, GroupRole, GroupType, type MemberResults, type NewGroup } from './group-types.js';
import { CUSTOM_MODE, given, type ItemResult, type SearchQuery, SIDE, type Side } from './shared.js';

export { ATTR_MODES, type AttrMode, type AttrStore, toAttrStore } from './attrs.js';
export { type GroupPatch, GroupRole, GroupType, JoinOption, type MemberResults, type NewGroup } from './group-types.js';

const PATCH_META = new Set(['customFields', 'customMode', 'removeCustomKeys', 'memberIds']);

/**
 * Groups (CAPABILITIES.md §2.9, §2.11): lifecycle, profile, members, applications, topics,
 * attributes and counters. `joined()`, `group()` and the member lists read the store; every
 * mutation applies its result there at once (the `groups`, `memberships` and `members` events),
 * and the change stream confirms it later. Member lists are kept current only once fetched.
 */
export class GroupsApi {
  readonly #attrs: GroupAttrs;
  readonly #lifecycle: GroupLifecycle;
  readonly #members: GroupMembers;
  readonly #topics: GroupTopics;

  constructor(private readonly client: Client) {
    this.#attrs = new GroupAttrs(client);
    this.#lifecycle = new GroupLifecycle(client, this.#attrs);
    this.#members = new GroupMembers(client);
    this.#topics = new GroupTopics(client);
  }

  // Groups -----------------------------------------------------------------------------------

  /** A joined group as synced, or `undefined`. */
  group(groupId: string): Group | undefined {
    return this.client.store.groups.get(groupId);
  }

  /** Every joined group as synced (all types). */
  joined(): Group[] {
    return this.client.store.groups.values();
  }

  /**
   * Creates a group; the caller owns it (or `ownerId`, with app privilege).
   * @throws {RequestError} `ALREADY_EXISTS` (group id), `LIMIT_EXCEEDED`, `INVALID_PARAM`.
   */
  create(init: NewGroup): Promise<{ group: Group; overLimit: string[]; failed: string[] }> {
    return this.#lifecycle.create(init);
  }

  /**
   * Dismisses a group (the owner, or app privilege).
   * @throws {RequestError} `PERMISSION_DENIED`, `GROUP_NOT_FOUND`.
   */
  dismiss(groupId: string): Promise<void> {
    return this.#lifecycle.dismiss(groupId);
  }

  /**
   * Group profiles by id (also numeric aliases), with the caller's own membership. Groups the
   * caller is in are written to the store. `publicOnly` leaves out unsearchable (work) groups.
   * @throws {RequestError} `GROUP_NOT_FOUND` when none is found.
   */
  async get(groupIds: readonly string[], options: { publicOnly?: boolean } = {}): Promise<{ groups: Group[]; selfInfo: GroupMember[] }> {
    const result = await this.client.request('groupGet', { groupIds: [...groupIds], publicOnly: options.publicOnly ?? false });
    const groups = (result?.groups ?? []).map((g) => plain(g));
    const selfInfo = (result?.selfInfo ?? []).map((m) => plain(m));
    const mine = new Set(selfInfo.map((m) => m.groupId));
    this.client.store.groups.apply(groups.filter((g) => mine.has(g.groupId) || this.group(g.groupId ?? '')));
    return { groups, selfInfo };
  }

  /**
   * Fetches the joined groups and upserts them into the store. On the wire an empty filter
   * lists `standard` groups only; here, without `type`, every type is listed.
   * @default options.anyType true when no `type` is given
   * @throws {RequestError} from `group.listJoined`.
   */
  async listJoined(options: { type?: number; anyType?: boolean } = {}): Promise<Group[]> {
    const anyType = options.anyType ?? options.type === undefined;
    const result = await this.client.request('groupListJoined', { type: options.type ?? GroupType.STANDARD, anyType });
    const groups = (result?.groups ?? []).map((g) => plain(g));
    this.client.store.groups.apply(groups);
    return groups;
  }

  /**
   * Writes profile fields, custom fields and (listed) the member list.
   * @throws {RequestError} `PERMISSION_DENIED`, `INVALID_PARAM`, `TOO_LARGE`.
   */
  async update(groupId: string, patch: GroupPatch): Promise<Group> {
    const { customFields, customMode, removeCustomKeys, memberIds, ...fields } = patch;
    const result = await this.client.request('groupUpdate', {
      groupId,
      patch: { ...fields, customFields: customFields ?? {} },
      setFields: given(patch).filter((k) => !PATCH_META.has(k)),
      customMode: CUSTOM_MODE[customMode ?? 'merge'],
      removeCustomKeys: removeCustomKeys ?? [],
      replaceMembers: memberIds !== undefined,
      memberIds: memberIds ?? [],
    });
    return this.#stored(result);
  }

  /**
   * Searches groups (M `searchGroups`).
   * @throws {RequestError} from `group.search`.
   */
  async search(query: SearchQuery): Promise<Group[]> {
    return ((await this.client.request('groupSearch', { ...query }))?.groups ?? []).map((g) => plain(g));
  }

  /**
   * Hands ownership to a member; the old owner becomes a plain member.
   * @throws {RequestError} `PERMISSION_DENIED`, `NOT_MEMBER`.
   */
  async transferOwner(groupId: string, newOwnerId: string): Promise<Group> {
    const oldOwnerId = this.group(groupId)?.ownerId;
    const group = this.#stored(await this.client.request('groupTransferOwner', { groupId, newOwnerId }));
    const members = this.client.store.members(groupId);
    const changed: GroupMember[] = [];
    const before = oldOwnerId ? members.get(oldOwnerId) : undefined;
    const after = members.get(newOwnerId);
    if (before) changed.push({ ...before, role: GroupRole.MEMBER });
    if (after) changed.push({ ...after, role: GroupRole.OWNER });
    this.#members.apply(groupId, changed);
    return group;
  }

  /**
   * Joins a group: at once (`joined`), or by an application the admins handle (`pending`).
   * @throws {RequestError} `PERMISSION_DENIED` (invite-only or closed), `LIMIT_EXCEEDED`, `GROUP_NOT_FOUND`.
   */
  join(groupId: string, options: { message?: string } = {}): Promise<{ status: 'joined' | 'pending' | 'alreadyMember'; group: Group }> {
    return this.#lifecycle.join(groupId, options);
  }

  /**
   * Leaves a group.
   * @throws {RequestError} `NOT_MEMBER`, `PERMISSION_DENIED` (an owner who may not quit).
   */
  quit(groupId: string): Promise<void> {
    return this.#lifecycle.quit(groupId);
  }

  // Members ----------------------------------------------------------------------------------

  /**
   * Adds members (directly or by invitation, per the group's preset).
   * @throws {RequestError} `PERMISSION_DENIED`, `GROUP_NOT_FOUND`; per-user outcomes are in the result.
   */
  addMembers(groupId: string, userIds: readonly string[], options: { reason?: string } = {}): Promise<MemberResults> {
    return this.#members.add(groupId, userIds, options);
  }

  /**
   * Removes (kicks) members.
   * @throws {RequestError} `PERMISSION_DENIED`, `GROUP_NOT_FOUND`; per-user outcomes are in the result.
   */
  removeMembers(groupId: string, userIds: readonly string[], options: { reason?: string } = {}): Promise<MemberResults> {
    return this.#members.remove(groupId, userIds, options);
  }

  /**
   * The whole member list: the store's, fetched once (and kept current from then on).
   * @throws {RequestError} `NOT_MEMBER`, `GROUP_NOT_FOUND` when it has to be fetched.
   */
  members(groupId: string): Promise<GroupMember[]> {
    return this.#members.all(groupId);
  }

  /**
   * One page of members (≤ 100), by role or all; `nextOffset` is 0 after the last page.
   * @default options.anyRole true when no `role` is given
   * @throws {RequestError} `NOT_MEMBER`, `GROUP_NOT_FOUND`.
   */
  listMembers(groupId: string, options: { offset?: number; count?: number; role?: number; anyRole?: boolean } = {}): Promise<{ members: GroupMember[]; nextOffset: number }> {
    return this.#members.page(groupId, options);
  }

  /**
   * Members by user id (≤ 50).
   * @throws {RequestError} `NOT_MEMBER`, `GROUP_NOT_FOUND`.
   */
  getMembers(groupId: string, userIds: readonly string[]): Promise<GroupMember[]> {
    return this.#members.get(groupId, userIds);
  }

  /**
   * Sets a member's role (`GroupRole`).
   * @throws {RequestError} `PERMISSION_DENIED`, `NOT_MEMBER`.
   */
  setRole(groupId: string, userId: string, role: number): Promise<GroupMember> {
    return this.#members.setRole(groupId, userId, role);
  }

  /**
   * Mutes a member for `secs` seconds; 0 unmutes.
   * @throws {RequestError} `PERMISSION_DENIED`, `NOT_MEMBER`.
   */
  mute(groupId: string, userId: string, secs: number): Promise<GroupMember> {
    return this.#members.mute(groupId, userId, secs);
  }

  /**
   * Writes a member's name card and custom fields (yourself, or a member below your role).
   * @throws {RequestError} `PERMISSION_DENIED`, `NOT_MEMBER`, `INVALID_PARAM`.
   */
  updateMember(groupId: string, userId: string, patch: { nameCard?: string; customFields?: Record<string, string> }): Promise<GroupMember> {
    return this.#members.update(groupId, userId, patch);
  }

  // Applications -----------------------------------------------------------------------------

  /**
   * Applications to groups the caller administers (`in`), the caller's own (`out`), or both.
   * @default side 'in'
   * @throws {RequestError} from `group.listApplications`.
   */
  async applications(side: Side = 'in'): Promise<parley.v1.GroupApplication.$Properties[]> {
    return ((await this.client.request('groupListApplications', { side: SIDE[side] }))?.applications ?? []).map((a) => plain(a));
  }

  /**
   * Accepts or rejects an application, named by id or by (group, applicant). The first admin wins.
   * @throws {RequestError} `ALREADY_HANDLED`, `NOT_FOUND`, `PERMISSION_DENIED`.
   */
  async handleApplication(ref: string | { groupId: string; applicantId: string }, action: 'accept' | 'reject', options: { message?: string } = {}): Promise<void> {
    const target = typeof ref === 'string' ? { applicationId: ref } : ref;
    await this.client.request('groupHandleApplication', { ...target, accept: action === 'accept', message: options.message ?? '' });
    if (typeof ref !== 'string' && action === 'accept' && this.client.store.members(ref.groupId).size) await this.getMembers(ref.groupId, [ref.applicantId]).catch(() => []);
  }

  // Topics (communities) ---------------------------------------------------------------------

  /**
   * Creates a topic in a community (owner or admins); `groupId` may name it (`<community>@TOPIC#_…`).
   * @throws {RequestError} `PERMISSION_DENIED`, `ALREADY_EXISTS`, `INVALID_PARAM`.
   */
  createTopic(communityId: string, topic: Partial<Pick<Group, 'groupId' | 'name' | 'introduction' | 'notification' | 'avatar' | 'muteAll' | 'customFields'>>): Promise<Group> {
    return this.#topics.create(communityId, topic);
  }

  /**
   * Deletes topics, or every topic when none are named.
   * @throws {RequestError} `PERMISSION_DENIED`; per-topic outcomes are in the results.
   */
  deleteTopics(communityId: string, topicIds: readonly string[] = []): Promise<ItemResult[]> {
    return this.#topics.delete(communityId, topicIds);
  }

  /**
   * Writes a topic's profile fields (those given).
   * @throws {RequestError} `PERMISSION_DENIED`, `GROUP_NOT_FOUND`.
   */
  updateTopic(communityId: string, topicId: string, patch: Partial<Pick<Group, 'name' | 'introduction' | 'notification' | 'avatar' | 'muteAll' | 'customFields'>>): Promise<void> {
    return this.#topics.update(communityId, topicId, patch);
  }

  /**
   * A community's topics (or the named ones) with the caller's conversation rows.
   * @throws {RequestError} `NOT_MEMBER`, `GROUP_NOT_FOUND`.
   */
  listTopics(communityId: string, topicIds: readonly string[] = []): Promise<{ topics: Group[]; conversations: Conversation[] }> {
    return this.#topics.list(communityId, topicIds);
  }

  // Attributes and counters ------------------------------------------------------------------

  /** The group's attribute values as last read, written or pushed (`{}` when unknown). */
  attributes(groupId: string): Record<string, string> {
    return this.#attrs.attributes(groupId);
  }

  /**
   * Reads attributes (all when no keys are given); a full read replaces the cache.
   * @throws {RequestError} `NOT_MEMBER`, `GROUP_NOT_FOUND`.
   */
  getAttributes(groupId: string, keys: readonly string[] = []): Promise<AttrStore> {
    return this.#attrs.read(groupId, keys);
  }

  /**
   * Writes attributes: `init` (only while empty, or by the owner), `replace`, `upsert`,
   * `delete` (the keys), `clear`. Resolves with the whole store after the write; the other
   * members get an `attributes` push.
   * @throws {RequestError} `LIMIT_EXCEEDED`, `TOO_LARGE`, `PERMISSION_DENIED`, `NOT_MEMBER`.
   */
  writeAttributes(groupId: string, mode: AttrMode, options: { entries?: Record<string, string>; keys?: readonly string[] } = {}): Promise<AttrStore> {
    return this.#attrs.write(groupId, mode, options);
  }

  /** The group's counters as last read, written or pushed (`{}` when unknown). */
  counters(groupId: string): Record<string, number> {
    return this.#attrs.counters(groupId);
  }

  /**
   * Reads counters (all when no keys are given).
   * @throws {RequestError} `NOT_MEMBER`, `GROUP_NOT_FOUND`.
   */
  getCounters(groupId: string, keys: readonly string[] = []): Promise<Record<string, number>> {
    return this.#attrs.readCounters(groupId, keys);
  }

  /**
   * Sets counters, or (`increase`/`decrease`) adds or subtracts each amount; resolves with the
   * new values of the keys written.
   * @default mode 'set'
   * @throws {RequestError} `LIMIT_EXCEEDED`, `NOT_MEMBER`, `INVALID_PARAM`.
   */
  writeCounters(groupId: string, values: Record<string, number>, mode: 'set' | 'increase' | 'decrease' = 'set'): Promise<Record<string, number>> {
    return this.#attrs.writeCounters(groupId, values, mode);
  }

  /** A group profile result: stored when the caller is in the group. */
  #stored(result: parley.v1.Group.$Properties | undefined): Group {
    const group = plain(result ?? {}) as Group;
    if (group.groupId && this.client.store.memberships.get(group.groupId)) this.client.store.groups.apply([group]);
    return group;
  }
}

/** Groups, members, applications, topics, attributes and counters. One instance per client, made on first use. */
export const groupsOf = /* @__PURE__ */ area((client) => new GroupsApi(client));
