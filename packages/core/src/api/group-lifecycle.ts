import type { Client } from '../client.js';
import { type Group, plain } from '../model.js';
import type { GroupAttrs } from './group-attrs.js';
import type { NewGroup } from './group-types.js';

const JOIN_STATUS = ['joined', 'pending', 'alreadyMember'] as const; // parley.v1.JoinStatus

/**
 * The caller coming into and leaving groups (create, join, dismiss, quit), behind
 * {@link GroupsApi}'s methods of the same names (documented there). Each applies the caller's
 * membership to the store at once; the change stream confirms it later.
 */
export class GroupLifecycle {
  constructor(
    private readonly client: Client,
    private readonly attrs: GroupAttrs,
  ) {}

  /** Creates a group and stores it as joined. */
  async create(init: NewGroup): Promise<{ group: Group; overLimit: string[]; failed: string[] }> {
    const { members = [], ...group } = init;
    const result = await this.client.request('groupCreate', { group, members: members.map((m) => (typeof m === 'string' ? { userId: m } : m)) });
    const created = plain(result?.group ?? {}) as Group;
    this.#joined(created);
    return { group: created, overLimit: result?.overLimit ?? [], failed: result?.failed ?? [] };
  }

  /** Dismisses a group and forgets it. */
  async dismiss(groupId: string): Promise<void> {
    await this.client.request('groupDismiss', { groupId });
    this.#left(groupId);
  }

  /** Joins a group; it is stored unless the join waits for the admins. */
  async join(groupId: string, options: { message?: string }): Promise<{ status: 'joined' | 'pending' | 'alreadyMember'; group: Group }> {
    const result = await this.client.request('groupJoin', { groupId, applyMessage: options.message ?? '' });
    const status = JOIN_STATUS[result?.status ?? 0] ?? 'joined';
    const group = plain(result?.group ?? {}) as Group;
    if (status !== 'pending') this.#joined(group);
    return { status, group };
  }

  /** Leaves a group and forgets it. */
  async quit(groupId: string): Promise<void> {
    await this.client.request('groupQuit', { groupId });
    this.#left(groupId);
  }

  #joined(group: Group): void {
    const groupId = group.groupId ?? '';
    if (!groupId) return;
    const store = this.client.store;
    store.groups.apply([group]);
    store.memberships.apply([{ groupId, joined: true, infoVersion: group.infoVersion ?? 0, memberVersion: group.memberVersion ?? 0 }]);
  }

  #left(groupId: string): void {
    const store = this.client.store;
    store.groups.apply([], [groupId]);
    store.memberships.apply([], [groupId]);
    store.members(groupId).replace([]);
    this.attrs.forget(groupId);
  }
}
