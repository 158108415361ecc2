import { randomBytes } from 'node:crypto';
import { parley } from '@parley/protocol';
import type { Policy } from '../config/types.js';
import { ErrorCode, invalidParam, ServerError } from '../errors.js';
import { recordChange } from './changes.js';
import type { Actor, ModelContext } from './context.js';
import {
  type ChangeSource,
  checkBytes,
  checkRef,
  decodeRequest,
  encodeRequest,
  FK,
  LIMITS,
  lastPart,
  loadEdge,
  loadFriendGroup,
  loadFriendGroups,
  loadRequest,
  pushAfterCommit,
  requestId,
  sourceOf,
  writeEdge,
  writeFriendGroups,
} from './friend-rows.js';
import type { UserRecord } from './schema.js';
import { type Tx, transact } from './tx.js';
import { checkUserId, defaultAllowType, getUser } from './users.js';

/**
 * Friend requests (CAPABILITIES.md §1.6, §2.4): one request per directed pair, kept after it
 * is handled (O lists handled ones with `handleResult`) until a new request replaces it or a
 * party deletes it. Every change goes into both parties' change streams and is pushed to both
 * (the acting session gets it in its response).
 */

const { AllowType, Change, RespondAction, Side, FriendRequestStatus } = parley.v1;

const PENDING = 0;
const ACCEPTED = 1;
const REJECTED = -1;

/** The user's `allowType` (§5.1 `friend.defaultAllowType` when never set). */
export function allowTypeOf(user: UserRecord, policy: Policy): number {
  return user.allowType ?? defaultAllowType(policy);
}

function isUnread(r: parley.v1.IFriendRequest): boolean {
  return r.handleResult === PENDING && !r.readByRecipient;
}

/**
 * Unread pending requests in `userId`'s inbox as this transaction leaves it; `fresh` is a
 * request this transaction adds to the inbox (it is not among the committed rows yet).
 */
async function unreadCount(tx: Tx, app: string, userId: string, fresh?: parley.v1.IFriendRequest): Promise<number> {
  const rows = await tx.list({ prefix: FK.inbox(app, userId) });
  const current = await tx.getMany(rows.map((row) => row.key));
  let count = current.filter((bytes) => bytes !== undefined && isUnread(decodeRequest(bytes))).length;
  if (fresh && isUnread(fresh) && !rows.some((row) => lastPart(row.key) === fresh.fromId)) count++;
  return count;
}

/**
 * Saves (or deletes) a request, records it for both parties and pushes `friendRequest` to
 * both, each with its own cursor and inbox unread count.
 */
async function writeRequest(tx: Tx, ctx: ModelContext, request: parley.v1.IFriendRequest, deleted: boolean, change: parley.v1.Change, exceptSessionId?: string): Promise<void> {
  const app = ctx.app.id;
  const fromId = request.fromId ?? '';
  const toId = request.toId ?? '';
  if (deleted) {
    tx.delete(FK.request(app, toId, fromId));
    tx.delete(FK.sent(app, fromId, toId));
  } else {
    tx.set(FK.request(app, toId, fromId), encodeRequest(request));
    tx.set(FK.sent(app, fromId, toId), new Uint8Array());
  }
  const id = request.id ?? requestId(fromId, toId);
  for (const userId of [fromId, toId]) {
    const cursor = await recordChange(tx, app, userId, 'friendRequest', id);
    const unread = await unreadCount(tx, app, userId, userId === toId && !deleted ? request : undefined);
    pushAfterCommit(tx, ctx, userId, { cursor, friendRequest: { request, change, unreadCount: unread } }, exceptSessionId);
  }
}

/** What the applicant asked for, applied to its new edge. */
interface EdgeInit {
  remark?: string;
  groupName?: string;
  wording?: string;
  source?: string;
}

/**
 * Adds the edge `ownerId` → `friendId` unless it exists (an existing edge keeps its remark
 * and groups). `init.groupName` puts the friend in that group of the owner, creating it.
 */
export async function addEdge(tx: Tx, ctx: ModelContext, ownerId: string, friendId: string, friendshipId: string, init: EdgeInit, source: ChangeSource): Promise<parley.v1.IFriend> {
  const app = ctx.app.id;
  const existing = await loadEdge(tx, app, ownerId, friendId);
  if (existing) return existing;
  const groupName = init.groupName ?? '';
  const groups = (await loadFriendGroups(tx, app, ownerId)).filter((g) => g.userIds.includes(friendId)).map((g) => g.name);
  if (groupName !== '' && !groups.includes(groupName)) {
    const group = (await loadFriendGroup(tx, app, ownerId, groupName)) ?? new parley.v1.FriendGroup({ name: groupName });
    group.userIds.push(friendId);
    await writeFriendGroups(tx, ctx, ownerId, [group], [], source.exceptSessionId);
    groups.push(groupName);
  }
  const edge: parley.v1.IFriend = {
    ownerId,
    friendId,
    id: friendshipId,
    createdAt: ctx.now(),
    remark: init.remark ?? '',
    source: init.source ?? '',
    wording: init.wording ?? '',
    operatorId: source.by,
  };
  await writeEdge(tx, ctx, ownerId, friendId, edge, Change.CHANGE_ADDED, source, groups);
  return { ...edge, groups };
}

/** A new friendship id (MaxLeap `{id}`), shared by the two edges created together. */
export function newFriendshipId(): string {
  return randomBytes(9).toString('base64url');
}

function checkRequestInput(ctx: ModelContext, actor: Actor, req: parley.v1.FriendRequestSend): string {
  const toId = checkRef(ctx, req.to, 'to');
  if (toId === actor.userId) throw invalidParam('to', 'cannot send a friend request to yourself');
  checkBytes(req.wording, LIMITS.wordingBytes, 'wording');
  checkBytes(req.source, LIMITS.sourceBytes, 'source');
  checkBytes(req.remark, LIMITS.remarkBytes, 'remark');
  checkBytes(req.groupName, LIMITS.groupNameBytes, 'groupName');
  if (req.addType > 1) throw invalidParam('addType', '0 (both) or 1 (single)');
  return toId;
}

/**
 * `friend.request`. The target's `allowType` decides: `allowAny` adds the edges at once
 * (`added`; both edges unless `addType` is single), `needConfirm` stores a pending request
 * (a repeat while pending updates it), `denyAny` refuses.
 * @throws ServerError INVALID_PARAM, USER_NOT_FOUND, PERMISSION_DENIED (denyAny),
 * ALREADY_EXISTS (already a friend), BLOCKED_BY_PEER
 */
export async function sendFriendRequest(ctx: ModelContext, actor: Actor, req: parley.v1.FriendRequestSend, by?: string): Promise<parley.v1.IFriendRequestResult> {
  const app = ctx.app.id;
  const toId = checkRequestInput(ctx, actor, req);
  const target = await getUser(ctx.store, app, toId);
  if (!target) throw new ServerError(ErrorCode.USER_NOT_FOUND, 'no such user', { detail: 'to' });
  const allowType = allowTypeOf(target, ctx.app.policy);
  if (allowType === AllowType.ALLOW_TYPE_DENY_ANY) throw new ServerError(ErrorCode.PERMISSION_DENIED, 'this user accepts no friend requests', { detail: 'to' });
  const source = sourceOf(actor, by);
  return transact(ctx.store, async (tx) => {
    if (await loadEdge(tx, app, actor.userId, toId)) throw new ServerError(ErrorCode.ALREADY_EXISTS, 'already a friend', { detail: 'to' });
    if (await tx.get(FK.block(app, toId, actor.userId))) throw new ServerError(ErrorCode.BLOCKED_BY_PEER, 'this user blocked you', { detail: 'to' });
    const now = ctx.now();
    const existing = await loadRequest(tx, app, actor.userId, toId);
    const request = new parley.v1.FriendRequest({
      id: requestId(actor.userId, toId),
      fromId: actor.userId,
      toId,
      wording: req.wording,
      source: req.source,
      remark: req.remark,
      groupName: req.groupName,
      addType: req.addType,
      createdAt: now,
      handleResult: PENDING,
    });
    if (allowType === AllowType.ALLOW_TYPE_ALLOW_ANY) {
      // Consent is given up front: no request is kept, and an old one would only mislead.
      if (existing) await writeRequest(tx, ctx, existing, true, Change.CHANGE_DELETED, source.exceptSessionId);
      const friendshipId = newFriendshipId();
      await addEdge(tx, ctx, actor.userId, toId, friendshipId, req, source);
      if (req.addType === 0) await addEdge(tx, ctx, toId, actor.userId, friendshipId, {}, source);
      return { status: FriendRequestStatus.FRIEND_REQUEST_STATUS_ADDED, request: { ...request, handleResult: ACCEPTED, handlerId: toId, handledAt: now } };
    }
    const change = existing?.handleResult === PENDING ? Change.CHANGE_UPDATED : Change.CHANGE_ADDED;
    await writeRequest(tx, ctx, request, false, change, source.exceptSessionId);
    return { status: FriendRequestStatus.FRIEND_REQUEST_STATUS_PENDING, request };
  });
}

/**
 * `friend.respond` by the recipient. `accept` gives the applicant its edge (and the recipient
 * one too when the request asked for both); `acceptAndAdd` always adds both; `reject` records
 * the refusal with `responseText`.
 * @throws ServerError NOT_FOUND (no request), ALREADY_HANDLED
 */
export async function respondFriendRequest(ctx: ModelContext, actor: Actor, req: parley.v1.FriendRespond, by?: string): Promise<void> {
  const app = ctx.app.id;
  const applicantId = checkRef(ctx, { userId: req.applicantId, appKey: req.applicantAppKey }, 'applicant');
  if (req.action > RespondAction.RESPOND_ACTION_REJECT) throw invalidParam('action', 'unknown action');
  checkBytes(req.remark, LIMITS.remarkBytes, 'remark');
  checkBytes(req.responseText, LIMITS.wordingBytes, 'responseText');
  const source = sourceOf(actor, by);
  await transact(ctx.store, async (tx) => {
    const request = await loadRequest(tx, app, applicantId, actor.userId);
    if (!request) throw new ServerError(ErrorCode.NOT_FOUND, 'no friend request from this user', { detail: 'applicantId' });
    if (request.handleResult !== PENDING) throw new ServerError(ErrorCode.ALREADY_HANDLED, 'this friend request was already handled', { detail: 'applicantId' });
    const rejected = req.action === RespondAction.RESPOND_ACTION_REJECT;
    request.handleResult = rejected ? REJECTED : ACCEPTED;
    request.handleMsg = req.responseText;
    request.handlerId = actor.userId;
    request.handledAt = ctx.now();
    request.readByRecipient = true;
    await writeRequest(tx, ctx, request, false, rejected ? Change.CHANGE_REJECTED : Change.CHANGE_ACCEPTED, source.exceptSessionId);
    if (rejected) return;
    const friendshipId = newFriendshipId();
    await addEdge(tx, ctx, applicantId, actor.userId, friendshipId, request, source);
    if (req.action === RespondAction.RESPOND_ACTION_ACCEPT_AND_ADD || request.addType === 0) {
      await addEdge(tx, ctx, actor.userId, applicantId, friendshipId, { remark: req.remark }, source);
    }
  });
}

/** The requests `userId` received (`in`), sent (`out`) or both. */
export async function requestsOf(ctx: ModelContext, userId: string, side: parley.v1.Side): Promise<parley.v1.FriendRequest[]> {
  const app = ctx.app.id;
  const requests: parley.v1.FriendRequest[] = [];
  if (side !== Side.SIDE_OUT) {
    const inbox = await ctx.store.list({ prefix: FK.inbox(app, userId) });
    requests.push(...inbox.map((row) => decodeRequest(row.value)));
  }
  if (side !== Side.SIDE_IN) {
    const sent = await ctx.store.list({ prefix: FK.outbox(app, userId) });
    const rows = await ctx.store.getMany(sent.map((row) => FK.request(app, lastPart(row.key), userId)));
    for (const row of rows) if (row) requests.push(decodeRequest(row.value));
  }
  return requests;
}

/** `friend.listRequests`: received, sent or both, newest first, and the unread count. */
export async function listFriendRequests(ctx: ModelContext, actor: Actor, req: parley.v1.FriendListRequests): Promise<parley.v1.IFriendRequests> {
  if (req.side > Side.SIDE_OUT) throw invalidParam('side', 'unknown side');
  const all = await requestsOf(ctx, actor.userId, Side.SIDE_BOTH);
  const unreadCount = all.filter((r) => r.toId === actor.userId && isUnread(r)).length;
  const requests = all.filter((r) => req.side === Side.SIDE_BOTH || (req.side === Side.SIDE_IN) === (r.toId === actor.userId));
  requests.sort((a, b) => Number(b.createdAt) - Number(a.createdAt));
  return { requests, unreadCount };
}

/**
 * `friend.deleteRequest` (T `deleteFriendApplication`): the request from `userId` (`in`), to
 * `userId` (`out`), or whichever exist (`both`). Both parties see it go.
 * @throws ServerError NOT_FOUND
 */
export async function deleteFriendRequest(ctx: ModelContext, actor: Actor, req: parley.v1.FriendDeleteRequest): Promise<void> {
  const app = ctx.app.id;
  const peerId = checkUserId(req.userId);
  const pairs: [string, string][] = [];
  if (req.side !== Side.SIDE_OUT) pairs.push([peerId, actor.userId]);
  if (req.side !== Side.SIDE_IN) pairs.push([actor.userId, peerId]);
  await transact(ctx.store, async (tx) => {
    let found = 0;
    for (const [fromId, toId] of pairs) {
      const request = await loadRequest(tx, app, fromId, toId);
      if (!request) continue;
      found++;
      await writeRequest(tx, ctx, request, true, Change.CHANGE_DELETED, actor.sessionId);
    }
    if (found === 0) throw new ServerError(ErrorCode.NOT_FOUND, 'no such friend request', { detail: 'userId' });
  });
}

/** `friend.markRequestsRead` (T `setFriendApplicationRead`): every received request becomes read. */
export async function markFriendRequestsRead(ctx: ModelContext, actor: Actor): Promise<void> {
  const app = ctx.app.id;
  await transact(ctx.store, async (tx) => {
    const rows = await tx.list({ prefix: FK.inbox(app, actor.userId) });
    for (const row of rows) {
      const bytes = await tx.get(row.key);
      if (!bytes) continue;
      const request = decodeRequest(bytes);
      if (request.readByRecipient) continue;
      request.readByRecipient = true;
      tx.set(row.key, encodeRequest(request));
      // Only the recipient's own view changes; the sender is not told.
      const cursor = await recordChange(tx, app, actor.userId, 'friendRequest', request.id);
      pushAfterCommit(tx, ctx, actor.userId, { cursor, friendRequest: { request, change: Change.CHANGE_READ, unreadCount: 0 } }, actor.sessionId);
    }
  });
}
