import type { parley } from '@parley/protocol';
import type { Client } from '../client.js';
import { type GroupMember, plain } from '../model.js';
import { GroupRole, type MemberResults } from './group-types.js';
import { given, refs } from './shared.js';

const results = (r: parley.v1.MemberResults.$Properties | undefined): MemberResults => ({
  success: r?.success ?? [],
  failure: r?.failure ?? [],
  existed: r?.existed ?? [],
  overLimit: r?.overLimit ?? [],
});

/**
 * Group member lists and member operations, behind {@link GroupsApi}'s member methods
 * (documented there). Member lists in the store are kept current only once fetched.
 */
export class GroupMembers {
  constructor(private readonly client: Client) {}

  /** Adds members; those added reach the store's list only when it was fetched. */
  async add(groupId: string, userIds: readonly string[], options: { reason?: string }): Promise<MemberResults> {
    const outcome = results(await this.client.request('groupAddMembers', { groupId, users: refs(userIds), reason: options.reason ?? '' }));
    if (outcome.success.length && this.client.store.members(groupId).size) await this.get(groupId, outcome.success).catch(() => []);
    return outcome;
  }

  /** Removes (kicks) members. */
  async remove(groupId: string, userIds: readonly string[], options: { reason?: string }): Promise<MemberResults> {
    const outcome = results(await this.client.request('groupRemoveMembers', { groupId, users: refs(userIds), reason: options.reason ?? '' }));
    this.apply(groupId, [], outcome.success);
    return outcome;
  }

  /** The whole member list: the store's, or fetched when none is held. */
  async all(groupId: string): Promise<GroupMember[]> {
    const held = this.client.store.members(groupId);
    return held.size ? held.values() : this.client.refreshMembers(groupId);
  }

  /** One page of members, by role or all. */
  async page(groupId: string, options: { offset?: number; count?: number; role?: number; anyRole?: boolean }): Promise<{ members: GroupMember[]; nextOffset: number }> {
    const result = await this.client.request('groupListMembers', {
      groupId,
      offset: options.offset ?? 0,
      count: options.count ?? 100,
      role: options.role ?? GroupRole.MEMBER,
      anyRole: options.anyRole ?? options.role === undefined,
    });
    const members = (result?.members ?? []).map((m) => plain(m));
    this.apply(groupId, members);
    return { members, nextOffset: result?.nextOffset ?? 0 };
  }

  /** Members by user id. */
  async get(groupId: string, userIds: readonly string[]): Promise<GroupMember[]> {
    const members = ((await this.client.request('groupGetMembers', { groupId, userIds: [...userIds] }))?.members ?? []).map((m) => plain(m));
    this.apply(groupId, members);
    return members;
  }

  /** Sets a member's role. */
  async setRole(groupId: string, userId: string, role: number): Promise<GroupMember> {
    return this.#member(groupId, await this.client.request('groupSetMemberRole', { groupId, userId, role }));
  }

  /** Mutes a member for `secs` seconds; 0 unmutes. */
  async mute(groupId: string, userId: string, secs: number): Promise<GroupMember> {
    return this.#member(groupId, await this.client.request('groupMuteMember', { groupId, userId, muteSeconds: secs }));
  }

  /** Writes a member's name card and custom fields. */
  async update(groupId: string, userId: string, patch: { nameCard?: string; customFields?: Record<string, string> }): Promise<GroupMember> {
    return this.#member(groupId, await this.client.request('groupUpdateMember', { groupId, userId, ...patch, setFields: given(patch) }));
  }

  /** Member-list edits reach only a list that was fetched: a partial list must not pass for the whole. */
  apply(groupId: string, upserts: GroupMember[], deletes: readonly string[] = []): void {
    const members = this.client.store.members(groupId);
    if (members.size) members.apply(upserts, deletes);
  }

  #member(groupId: string, result: parley.v1.GroupMember.$Properties | undefined): GroupMember {
    const member = plain(result ?? {}) as GroupMember;
    this.apply(groupId, [member]);
    return member;
  }
}
