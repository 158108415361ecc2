import type { Client } from '../client.js';
import { type FriendRequest, plain } from '../model.js';
import type { Friends } from './friends.js';
import { SIDE, type Side } from './shared.js';

const ACTION = { accept: 0, acceptAndAdd: 1, refuse: 2 } as const; // parley.v1.RespondAction

/**
 * Friend requests, behind {@link ContactsApi}'s request methods (documented there). Every
 * mutation applies its result to the store at once; the change stream confirms it later.
 */
export class FriendRequests {
  constructor(
    private readonly client: Client,
    private readonly friends: Friends,
  ) {}

  /** Friend requests as synced. */
  list(): FriendRequest[] {
    return this.client.store.friendRequests.values();
  }

  /** Sends a friend request; an `added` answer fetches the new edges. */
  async send(
    toId: string,
    options: { wording?: string; remark?: string; group?: string; source?: string; addType?: 'both' | 'single'; appKey?: string },
  ): Promise<{ status: 'pending' | 'added'; request: FriendRequest }> {
    const result = await this.client.request('friendRequest', {
      to: { userId: toId, appKey: options.appKey ?? '' },
      wording: options.wording ?? '',
      remark: options.remark ?? '',
      groupName: options.group ?? '',
      source: options.source ?? '',
      addType: options.addType === 'single' ? 1 : 0,
    });
    const request = plain(result?.request ?? {}) as FriendRequest;
    if (request.id) this.client.store.friendRequests.apply([request]);
    const status = result?.status === 1 ? 'added' : 'pending'; // FRIEND_REQUEST_STATUS_ADDED
    if (status === 'added') await this.friends.get([toId]).catch(() => []);
    return { status, request };
  }

  /** Answers a received request, by its id or the applicant's user id. */
  async respond(requestOrFromId: string, action: 'accept' | 'acceptAndAdd' | 'refuse', options: { remark?: string; responseText?: string }): Promise<void> {
    const store = this.client.store.friendRequests;
    const self = this.client.userId;
    const fromId = store.get(requestOrFromId)?.fromId || requestOrFromId;
    await this.client.request('friendRespond', { applicantId: fromId, action: ACTION[action], remark: options.remark ?? '', responseText: options.responseText ?? '' });
    const handled = store.values().filter((r) => r.fromId === fromId && r.toId === self && !r.handleResult);
    const handleResult = action === 'refuse' ? -1 : 1;
    store.apply(handled.map((r) => ({ ...r, handleResult, handlerId: self, handledAt: this.client.options.env.now(), handleMsg: options.responseText ?? '', readByRecipient: true })));
    if (action !== 'refuse') await this.friends.get([fromId]).catch(() => []);
  }

  /** Fetches requests of a side; only a fetch of both sides may replace the store's. */
  async fetch(side: Side): Promise<{ requests: FriendRequest[]; unreadCount: number }> {
    const result = await this.client.request('friendListRequests', { side: SIDE[side] });
    const requests = (result?.requests ?? []).map((r) => plain(r));
    if (side === 'both') this.client.store.friendRequests.replace(requests);
    else this.client.store.friendRequests.apply(requests);
    return { requests, unreadCount: result?.unreadCount ?? 0 };
  }

  /** Deletes the requests between the caller and `userId` on a side. */
  async delete(userId: string, side: Side): Promise<void> {
    await this.client.request('friendDeleteRequest', { userId, side: SIDE[side] });
    const self = this.client.userId;
    const gone = this.list().filter((r) => (side !== 'out' && r.fromId === userId && r.toId === self) || (side !== 'in' && r.fromId === self && r.toId === userId));
    this.client.store.friendRequests.apply([], gone.map((r) => r.id ?? ''));
  }

  /** Marks every received request read. */
  async markRead(): Promise<void> {
    await this.client.request('friendMarkRequestsRead', {});
    const self = this.client.userId;
    const unread = this.list().filter((r) => r.toId === self && !r.readByRecipient);
    this.client.store.friendRequests.apply(unread.map((r) => ({ ...r, readByRecipient: true })));
  }
}
