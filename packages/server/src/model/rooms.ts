import { randomBytes } from 'node:crypto';
import { parley, WireReader } from '@parley/protocol';
import { parseHistoryPolicy } from '../config/policy.js';
import { ErrorCode, invalidParam, ServerError } from '../errors.js';
import type { Key } from '../store/types.js';
import type { Actor, Deliver, ModelContext } from './context.js';
import type { ConvTarget } from './conversations.js';
import { decodeMessage, type EntryLocation, fromJson, K, type LogHead, logId, type Message, roomLog, toJson } from './schema.js';
import { transact, type Tx } from './tx.js';
import { checkUserId, getUsers } from './users.js';

/**
 * Rooms and channels (CAPABILITIES.md §1.9, §2.10, §3.6): the stored side. A room record
 * (profile, kind, owner and admins, history policy, the member list of listed rooms) lives at
 * `K.room`, sharing the group id namespace; bans and mutes are rows of their own. Presence (who
 * is in a live room or channel now) is live state that the gateway's room hub keeps in memory;
 * this module reads it through {@link RoomPresence}.
 */

const { RoomKind } = parley.v1;
type Room = parley.v1.Room;

/** Row keys of this module (tags `rnum`, `rmem`, `rban`, `rmute`, `rattr`; the record is `K.room`). */
export const RK = {
  /** H `roomid` → room id. */
  byNumber: (app: string, numericId: number): Key => [app, 'rnum', numericId],
  /** The listed rooms of a user (MaxLeap `listRooms`); the list itself is in the record. */
  listed: (app: string, userId: string, roomId: string): Key => [app, 'rmem', userId, roomId],
  listedPrefix: (app: string, userId: string): Key => [app, 'rmem', userId],
  ban: (app: string, roomId: string, userId: string): Key => [app, 'rban', roomId, userId],
  bans: (app: string, roomId: string): Key => [app, 'rban', roomId],
  mute: (app: string, roomId: string, userId: string): Key => [app, 'rmute', roomId, userId],
  mutes: (app: string, roomId: string): Key => [app, 'rmute', roomId],
  /** The room's attribute store (§1.8; written by `model/attrs.ts`). */
  attrs: (app: string, roomId: string): Key => [app, 'rattr', roomId],
} as const;

/** A mute: `until` 0 = indefinite; `secsText` is H's opaque `secs`, echoed back. */
interface MuteRecord {
  until: number;
  secsText: string;
  reason: string;
  by: string;
}

/** A ban blocks re-entry until `until` (T kick duration, H `UserKickedOff` secs). */
interface BanRecord {
  until: number;
  reason: string;
  kickType: string;
  by: string;
}

/**
 * Who is in which room right now, as the model needs it. The gateway's room hub implements it
 * (one per server) and binds it with {@link bindRoomPresence}: presence is never stored, so a
 * restart empties every room, as a reconnecting client expects (it enters again).
 */
export interface RoomPresence {
  /** Whether the user is in the room (a present session, or one inside the eviction grace). */
  isPresent(app: string, roomId: string, userId: string): boolean;
  /** How many users are in the room (on this node until presence is shared between nodes). */
  count(app: string, roomId: string): number;
  /** Users present, in join order; only those carrying `mark` when it is not 0. */
  userIds(app: string, roomId: string, mark?: number): string[];
  /** Per-member attributes of the users present (H `getUserAttributesList`). */
  memberAttrs(app: string, roomId: string): parley.v1.IMemberAttrs[];
  /** Replaces a present member's attributes; false when the user is not present. */
  setMemberAttrs(app: string, roomId: string, userId: string, attributes: Record<string, string>): boolean;
  /** Sets or clears a mark (T `markGroupMemberList`) on the present users among `userIds`. */
  mark(app: string, roomId: string, userIds: readonly string[], mark: number, enable: boolean): void;
  /** Removes users at once (kick): the others hear `room_presence` left. */
  evict(app: string, roomId: string, userIds: readonly string[]): void;
  /** Forgets the room (dismiss): everyone leaves without presence pushes. */
  drop(app: string, roomId: string): void;
  /** Delivers to the sessions of `userIds` that are in the room (unicast inside a room). */
  toMembers(app: string, roomId: string, userIds: readonly string[], push: parley.v1.IPush, exceptSessionId?: string): void;
  /** Transient-send deduplication (§4.3): the earlier result of a key, or remembers this one. */
  sentOnce(key: string, result?: parley.v1.ISendResult): parley.v1.ISendResult | undefined;
}

const presences = new WeakMap<Deliver, RoomPresence>();

/**
 * Binds the presence of one server to its `Deliver` (one per server). `ModelContext` carries no
 * per-server room state, and `msg.send` reaches {@link sendRoomMessage} with a context only.
 */
export function bindRoomPresence(deliver: Deliver, presence: RoomPresence): void {
  presences.set(deliver, presence);
}

/** The room presence of the server `ctx` belongs to. */
export function roomPresenceOf(ctx: ModelContext): RoomPresence {
  const presence = presences.get(ctx.deliver);
  if (!presence) throw new ServerError(ErrorCode.INTERNAL, 'no room presence is bound to this server');
  return presence;
}

// ---------------------------------------------------------------------------------------------
// Validation

// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const NO_CONTROL = /^[^\u0000-\u001f\u007f]*$/;

/** A room or channel id: 1–64 bytes, no control characters (the group id rules). */
export function checkRoomId(value: unknown, field = 'roomId'): string {
  if (typeof value !== 'string' || value.length === 0 || Buffer.byteLength(value) > 64) throw invalidParam(field, '1–64 bytes');
  if (!NO_CONTROL.test(value)) throw invalidParam(field, 'must not contain control characters');
  return value;
}

function checkText(value: string | null | undefined, field: string, maxBytes: number): string {
  const text = value ?? '';
  if (Buffer.byteLength(text) > maxBytes) throw new ServerError(ErrorCode.TOO_LARGE, `${field}: at most ${maxBytes} bytes`, { detail: field });
  return text;
}

/** Limits of a string map (attribute stores, member attributes, join props). */
export interface MapLimits {
  maxKeys: number;
  maxKeyBytes: number;
  maxValueBytes: number;
  maxTotalBytes: number;
}

/** The app's `attr.limits` (§5.1). */
export function attrLimits(ctx: ModelContext): MapLimits {
  const p = ctx.app.policy;
  return { maxKeys: p.attrMaxKeys, maxKeyBytes: p.attrMaxKeyBytes, maxValueBytes: p.attrMaxValueBytes, maxTotalBytes: p.attrMaxTotalBytes };
}

/** Checks one key of a string map. */
export function checkMapKey(key: string, field: string, limits: MapLimits): void {
  if (key.length === 0 || !NO_CONTROL.test(key)) throw invalidParam(field, 'keys are non-empty and free of control characters');
  if (Buffer.byteLength(key) > limits.maxKeyBytes) throw new ServerError(ErrorCode.TOO_LARGE, `${field}: key "${key.slice(0, 40)}" is over ${limits.maxKeyBytes} bytes`, { detail: field });
}

/**
 * Checks a whole string map against `limits`: key count (`LIMIT_EXCEEDED`), key, value and total
 * sizes (`TOO_LARGE`).
 */
export function checkStringMap(map: Readonly<Record<string, string>>, field: string, limits: MapLimits): void {
  const keys = Object.keys(map);
  if (keys.length > limits.maxKeys) throw new ServerError(ErrorCode.LIMIT_EXCEEDED, `${field}: at most ${limits.maxKeys} keys`, { detail: field });
  let total = 0;
  for (const key of keys) {
    checkMapKey(key, field, limits);
    const bytes = Buffer.byteLength(map[key] ?? '');
    if (bytes > limits.maxValueBytes) throw new ServerError(ErrorCode.TOO_LARGE, `${field}: the value of "${key}" is over ${limits.maxValueBytes} bytes`, { detail: field });
    total += Buffer.byteLength(key) + bytes;
  }
  if (total > limits.maxTotalBytes) throw new ServerError(ErrorCode.TOO_LARGE, `${field}: over ${limits.maxTotalBytes} bytes in all`, { detail: field });
}

/** Profile custom fields: values are JSON (M attributes, other H keys). */
const CUSTOM_LIMITS: MapLimits = { maxKeys: 64, maxKeyBytes: 64, maxValueBytes: 4096, maxTotalBytes: 65_536 };

function checkCustomFields(map: Readonly<Record<string, string>>, field: string): void {
  checkStringMap(map, field, CUSTOM_LIMITS);
  for (const [key, value] of Object.entries(map)) {
    try {
      JSON.parse(value);
    } catch {
      throw invalidParam(field, `the value of "${key}" is not JSON`);
    }
  }
}

function checkUserIds(ids: readonly string[] | null | undefined, field: string, max: number): string[] {
  const list = ids ?? [];
  if (list.length > max) throw invalidParam(field, `at most ${max}`);
  return [...new Set(list.map((id) => checkUserId(id, field)))];
}

const HISTORY_POLICY = /^(none|(text|full):[1-9][0-9]{0,4})$/;

/** The profile fields a patch may name in `set_fields`, with their byte caps. */
const TEXT_FIELDS = { name: 128, description: 1024, bulletin: 1024, appExtra: 4096, password: 64, avatar: 1024 } as const;
type TextField = keyof typeof TEXT_FIELDS;

function isTextField(name: string): name is TextField {
  return Object.hasOwn(TEXT_FIELDS, name);
}

async function assertUsersExist(ctx: ModelContext, ids: readonly string[], field: string): Promise<void> {
  if (ids.length === 0) return;
  const known = await getUsers(ctx.store, ctx.app.id, ids);
  const missing = ids.find((id) => !known.has(id));
  if (missing !== undefined) throw new ServerError(ErrorCode.USER_NOT_FOUND, `no such user "${missing}"`, { detail: field });
}

// ---------------------------------------------------------------------------------------------
// Records

export function decodeRoom(bytes: Uint8Array): Room {
  return parley.v1.Room.decode(new WireReader(bytes));
}

function saveRoom(tx: Tx, app: string, room: parley.v1.IRoom): void {
  tx.set(K.room(app, room.roomId ?? ''), parley.v1.Room.encode(room).finish());
}

export async function loadRoom(tx: Tx, app: string, roomId: string): Promise<Room | undefined> {
  const bytes = await tx.get(K.room(app, roomId));
  return bytes ? decodeRoom(bytes) : undefined;
}

/** The room id a reference names: the id itself, or H's numeric id (with its region). */
async function resolveRoomId(tx: Tx, app: string, ref: parley.v1.IRoomRef | null | undefined): Promise<string> {
  if (!ref) throw invalidParam('room', 'required');
  if (ref.roomId) return checkRoomId(ref.roomId, 'room.roomId');
  if (ref.numericId) {
    const row = await tx.get(RK.byNumber(app, ref.numericId));
    if (!row) throw new ServerError(ErrorCode.ROOM_NOT_FOUND, 'no such room', { detail: 'room.numericId' });
    return fromJson<{ roomId: string }>(row).roomId;
  }
  throw invalidParam('room', 'needs a roomId (or channel id) or a numericId');
}

/**
 * The room a reference names. A channel reference (kind `channel`) finds channels only, and a
 * numeric one with a region finds rooms of that region only.
 * @throws ServerError ROOM_NOT_FOUND
 */
export async function requireRoom(tx: Tx, app: string, ref: parley.v1.IRoomRef | null | undefined): Promise<Room> {
  const roomId = await resolveRoomId(tx, app, ref);
  const room = await loadRoom(tx, app, roomId);
  const wrongKind = room && (ref?.kind === RoomKind.ROOM_KIND_CHANNEL) !== (room.kind === RoomKind.ROOM_KIND_CHANNEL);
  const wrongRegion = room && ref?.numericId && ref.region && room.region && ref.region !== room.region;
  if (!room || wrongKind || wrongRegion) throw new ServerError(ErrorCode.ROOM_NOT_FOUND, 'no such room', { detail: 'room' });
  return room;
}

/** Owner, admins and app privilege manage a room; listed rooms and channels have no owner. */
function isManager(room: Room, actor: Actor): boolean {
  return actor.privileged === true || (room.ownerId !== '' && room.ownerId === actor.userId) || room.adminIds.includes(actor.userId);
}

function assertManager(room: Room, actor: Actor): void {
  if (!isManager(room, actor)) throw new ServerError(ErrorCode.PERMISSION_DENIED, 'only the owner and admins may do this', { detail: 'room' });
}

/** Listed rooms (MaxLeap) are edited by their members or with app privilege. */
function assertListedEditor(room: Room, actor: Actor): void {
  if (!actor.privileged && !room.memberIds.includes(actor.userId)) throw new ServerError(ErrorCode.NOT_MEMBER, 'not a member of this room', { detail: 'room' });
}

/** The room's history policy: its own, else the app's for its kind; channels keep none. */
export function historyPolicyOf(ctx: ModelContext, room: Room): string {
  if (room.kind === RoomKind.ROOM_KIND_CHANNEL) return 'none';
  if (room.historyPolicy) return room.historyPolicy;
  return room.kind === RoomKind.ROOM_KIND_LISTED ? ctx.app.policy.roomHistoryListed : ctx.app.policy.roomHistoryLive;
}

/** The capacity: the room's `maxUsers`, else the app's `room.maxUsers`; 0 = unlimited. */
function capacityOf(ctx: ModelContext, room: Room): number {
  return room.maxUsers || ctx.app.policy.roomMaxUsers;
}

/** The room as a viewer sees it: live counts and effective policies; the password for managers only. */
function roomView(ctx: ModelContext, room: Room, viewer: Actor, lastSeq = 0): parley.v1.Room {
  return new parley.v1.Room({
    ...room,
    password: isManager(room, viewer) ? room.password : '',
    historyPolicy: historyPolicyOf(ctx, room),
    maxUsers: capacityOf(ctx, room),
    onlineCount: roomPresenceOf(ctx).count(ctx.app.id, room.roomId),
    evictAfterMs: ctx.app.policy.roomEvictAfterMs,
    lastSeq,
  });
}

async function lastSeqOf(ctx: ModelContext, room: Room): Promise<number> {
  if (historyPolicyOf(ctx, room) === 'none') return 0;
  const head = await ctx.store.get(K.logHead(ctx.app.id, roomLog(room.roomId)));
  return head ? fromJson<LogHead>(head.value).seq : 0;
}

async function activeRow<T extends { until: number }>(tx: Tx, key: Key, now: number): Promise<T | undefined> {
  const bytes = await tx.get(key);
  const row = bytes ? fromJson<T>(bytes) : undefined;
  return row && (row.until === 0 || row.until > now) ? row : undefined;
}

/** Deletes the bans, mutes and attribute store of a room id (dismiss, and leftovers at create). */
async function clearRoomRows(tx: Tx, app: string, roomId: string): Promise<void> {
  for (const prefix of [RK.bans(app, roomId), RK.mutes(app, roomId)]) {
    for (const row of await tx.list({ prefix })) tx.delete(row.key);
  }
  tx.delete(RK.attrs(app, roomId));
}

// ---------------------------------------------------------------------------------------------
// Lifecycle: create, dismiss, get, update, search, listed members

/** `room.create`: a live room (the creator owns it) or a listed room (no owner, a member list). */
export async function createRoom(ctx: ModelContext, actor: Actor, req: parley.v1.RoomCreate): Promise<parley.v1.IRoom> {
  const app = ctx.app.id;
  const init = req.room ?? new parley.v1.Room();
  const kind = init.kind ?? RoomKind.ROOM_KIND_LIVE;
  if (kind === RoomKind.ROOM_KIND_CHANNEL) throw invalidParam('room.kind', 'channels are created by room.enter');
  if (kind !== RoomKind.ROOM_KIND_LIVE && kind !== RoomKind.ROOM_KIND_LISTED) throw invalidParam('room.kind', 'live or listed');
  const roomId = init.roomId ? checkRoomId(init.roomId, 'room.roomId') : `r${randomBytes(9).toString('base64url')}`;
  const historyPolicy = init.historyPolicy ?? '';
  if (historyPolicy && !HISTORY_POLICY.test(historyPolicy)) throw invalidParam('room.historyPolicy', '"none", "text:<days>" or "full:<days>"');
  const adminIds = checkUserIds(init.adminIds, 'room.adminIds', 100);
  const memberIds = checkUserIds(init.memberIds, 'room.memberIds', ctx.app.policy.roomMaxUsers || 100_000);
  if (kind === RoomKind.ROOM_KIND_LIVE && memberIds.length > 0) throw invalidParam('room.memberIds', 'only listed rooms have a member list');
  if (kind === RoomKind.ROOM_KIND_LISTED && adminIds.length > 0) throw invalidParam('room.adminIds', 'listed rooms have no owner or admins');
  const customFields = init.customFields ?? {};
  checkCustomFields(customFields, 'room.customFields');
  const text = Object.fromEntries(Object.entries(TEXT_FIELDS).map(([field, max]) => [field, checkText(init[field as TextField], `room.${field}`, max)]));
  await assertUsersExist(ctx, [...adminIds, ...memberIds], kind === RoomKind.ROOM_KIND_LISTED ? 'room.memberIds' : 'room.adminIds');
  return transact(ctx.store, async (tx) => {
    const [group, existing, head] = await tx.getMany([K.group(app, roomId), K.room(app, roomId), K.logHead(app, roomLog(roomId))]);
    // A dismissed room's history stays readable by nobody, but a new room must not inherit it.
    if (group || existing || head) throw new ServerError(ErrorCode.ALREADY_EXISTS, 'the id is taken', { detail: 'room.roomId' });
    await clearRoomRows(tx, app, roomId);
    const counter = await tx.get(K.counter(app, 'roomNumericId'));
    const numericId = (counter ? fromJson<{ n: number }>(counter).n : 0) + 1;
    tx.set(K.counter(app, 'roomNumericId'), toJson({ n: numericId }));
    tx.set(RK.byNumber(app, numericId), toJson({ roomId }));
    const room = new parley.v1.Room({
      ...text,
      roomId,
      numericId,
      kind,
      region: checkText(init.region, 'room.region', 32),
      ownerId: kind === RoomKind.ROOM_KIND_LIVE ? actor.userId : '',
      adminIds,
      maxUsers: init.maxUsers ?? 0,
      customFields,
      createdAt: ctx.now(),
      historyPolicy,
      memberIds,
      allowAnonymous: init.allowAnonymous ?? false,
    });
    saveRoom(tx, app, room);
    for (const userId of memberIds) tx.set(RK.listed(app, userId, roomId), toJson({}));
    return roomView(ctx, room, actor);
  });
}

/** `room.dismiss`: `room_dismissed` to everyone present, who all leave; the record is gone. */
export async function dismissRoom(ctx: ModelContext, actor: Actor, req: parley.v1.RoomRefOp): Promise<void> {
  const app = ctx.app.id;
  await transact(ctx.store, async (tx) => {
    const room = await requireRoom(tx, app, req.room);
    // Live rooms: the owner (T, H). Listed rooms and channels have no owner: app privilege (M rmRoom).
    const allowed = actor.privileged === true || (room.kind === RoomKind.ROOM_KIND_LIVE && room.ownerId === actor.userId);
    if (!allowed) throw new ServerError(ErrorCode.PERMISSION_DENIED, 'only the owner may dismiss the room', { detail: 'room' });
    tx.delete(K.room(app, room.roomId));
    if (room.numericId) tx.delete(RK.byNumber(app, room.numericId));
    for (const userId of room.memberIds) tx.delete(RK.listed(app, userId, room.roomId));
    await clearRoomRows(tx, app, room.roomId);
    tx.onCommit(() => {
      ctx.deliver.toRoom(app, room.roomId, { roomDismissed: { roomId: room.roomId, by: actor.userId } });
      roomPresenceOf(ctx).drop(app, room.roomId);
    });
  });
}

/** `room.get`: the profile, owner, counts and (listed rooms) members; no entering needed. */
export async function getRoom(ctx: ModelContext, actor: Actor, req: parley.v1.RoomRefOp): Promise<parley.v1.IRoom> {
  const room = await transact(ctx.store, (tx) => requireRoom(tx, ctx.app.id, req.room));
  return roomView(ctx, room, actor, await lastSeqOf(ctx, room));
}

/** Applies `set_fields` of a patch; returns the names it changed. */
function applyProfilePatch(room: Room, patch: parley.v1.IRoom, setFields: readonly string[]): string[] {
  const changed: string[] = [];
  for (const field of new Set(setFields)) {
    if (isTextField(field)) {
      room[field] = checkText(patch[field], `patch.${field}`, TEXT_FIELDS[field]);
    } else if (field === 'maxUsers') {
      room.maxUsers = patch.maxUsers ?? 0;
    } else if (field === 'allowAnonymous') {
      room.allowAnonymous = patch.allowAnonymous ?? false;
    } else if (field === 'historyPolicy') {
      const value = patch.historyPolicy ?? '';
      if (value && !HISTORY_POLICY.test(value)) throw invalidParam('patch.historyPolicy', '"none", "text:<days>" or "full:<days>"');
      room.historyPolicy = value;
    } else if (field === 'adminIds') {
      room.adminIds = checkUserIds(patch.adminIds, 'patch.adminIds', 100);
    } else {
      throw invalidParam('setFields', `"${field}" cannot be set`);
    }
    changed.push(field);
  }
  return changed;
}

/** Applies the custom-field part of `room.update` (merge, replace, clear, remove keys). */
function applyCustomPatch(room: Room, req: parley.v1.RoomUpdate): boolean {
  const incoming = req.patch?.customFields ?? {};
  const before = JSON.stringify(room.customFields);
  let next: Record<string, string>;
  switch (req.customMode) {
    case parley.v1.PatchMode.PATCH_MODE_REPLACE:
      next = { ...incoming };
      break;
    case parley.v1.PatchMode.PATCH_MODE_CLEAR:
      next = {};
      break;
    case parley.v1.PatchMode.PATCH_MODE_REMOVE_KEYS:
      next = Object.fromEntries(Object.entries(room.customFields).filter(([key]) => !req.removeCustomKeys.includes(key)));
      break;
    default:
      next = { ...room.customFields, ...incoming };
  }
  checkCustomFields(next, 'patch.customFields');
  room.customFields = next;
  return JSON.stringify(next) !== before;
}

/**
 * `room.update`: profile fields named in `set_fields`, custom fields per `custom_mode`, and the
 * member list of a listed room (`replace_members`). Pushes `room_profile` to the room.
 */
export async function updateRoom(ctx: ModelContext, actor: Actor, req: parley.v1.RoomUpdate): Promise<void> {
  const app = ctx.app.id;
  const patch = req.patch ?? new parley.v1.Room();
  const memberIds = req.replaceMembers ? checkUserIds(patch.memberIds, 'patch.memberIds', ctx.app.policy.roomMaxUsers || 100_000) : [];
  await assertUsersExist(ctx, memberIds, 'patch.memberIds');
  await transact(ctx.store, async (tx) => {
    const room = await requireRoom(tx, app, req.room);
    if (room.kind === RoomKind.ROOM_KIND_CHANNEL) throw new ServerError(ErrorCode.NOT_SUPPORTED, 'channels have no profile', { detail: 'room' });
    if (room.kind === RoomKind.ROOM_KIND_LISTED) assertListedEditor(room, actor);
    else assertManager(room, actor);
    const changed = applyProfilePatch(room, patch, req.setFields);
    if (changed.includes('adminIds') && room.kind === RoomKind.ROOM_KIND_LISTED) throw invalidParam('setFields', 'listed rooms have no admins');
    if (changed.includes('adminIds') && !actor.privileged && room.ownerId !== actor.userId) {
      throw new ServerError(ErrorCode.PERMISSION_DENIED, 'only the owner may change the admins', { detail: 'setFields' });
    }
    if (applyCustomPatch(room, req)) changed.push('customFields');
    if (req.replaceMembers) {
      if (room.kind !== RoomKind.ROOM_KIND_LISTED) throw invalidParam('replaceMembers', 'only listed rooms have a member list');
      setListedMembers(tx, app, room, memberIds);
      changed.push('memberIds');
    }
    saveRoom(tx, app, room);
    tx.onCommit(() => {
      const profile = roomView(ctx, room, { userId: '' });
      ctx.deliver.toRoom(app, room.roomId, { roomProfile: { roomId: room.roomId, by: actor.userId, profile, changedFields: changed } }, actor.sessionId);
    });
  });
}

/** Rewrites a listed room's member list and its per-user index. */
function setListedMembers(tx: Tx, app: string, room: Room, memberIds: readonly string[]): void {
  for (const userId of room.memberIds) if (!memberIds.includes(userId)) tx.delete(RK.listed(app, userId, room.roomId));
  for (const userId of memberIds) if (!room.memberIds.includes(userId)) tx.set(RK.listed(app, userId, room.roomId), toJson({}));
  room.memberIds = [...memberIds];
}

/** `room.addMembers` / `room.removeMembers` (listed rooms, M `addRoomMembers` / `rmRoomMembers`). */
export async function editListedMembers(ctx: ModelContext, actor: Actor, req: parley.v1.RoomMembersEdit, add: boolean): Promise<void> {
  const app = ctx.app.id;
  const userIds = checkUserIds(req.userIds, 'userIds', 1000);
  if (userIds.length === 0) throw invalidParam('userIds', 'at least one');
  if (add) await assertUsersExist(ctx, userIds, 'userIds');
  await transact(ctx.store, async (tx) => {
    const room = await requireRoom(tx, app, req.room);
    if (room.kind !== RoomKind.ROOM_KIND_LISTED) throw new ServerError(ErrorCode.NOT_SUPPORTED, 'only listed rooms have a member list', { detail: 'room' });
    assertListedEditor(room, actor);
    const next = add ? [...new Set([...room.memberIds, ...userIds])] : room.memberIds.filter((id) => !userIds.includes(id));
    const capacity = capacityOf(ctx, room);
    if (capacity > 0 && next.length > capacity) throw new ServerError(ErrorCode.LIMIT_EXCEEDED, 'the room is full', { detail: 'userIds' });
    setListedMembers(tx, app, room, next);
    saveRoom(tx, app, room);
  });
}

/** Sort keys of `room.search`: profile fields, else custom fields. */
function sortValue(room: Room, field: string): string | number {
  if (field === 'createdAt' || field === 'ts') return room.createdAt;
  if (field === 'name') return room.name;
  return room.customFields[field] ?? '';
}

/** Attribute equality of `room.search` (values are JSON); `name` is the profile name. */
function matches(room: Room, filter: Readonly<Record<string, string>>): boolean {
  return Object.entries(filter).every(([key, json]) => {
    let wanted: unknown;
    try {
      wanted = JSON.parse(json);
    } catch {
      throw invalidParam('filter', `the value of "${key}" is not JSON`);
    }
    if (key === 'name') return room.name === wanted;
    const value = room.customFields[key];
    return value !== undefined && JSON.stringify(JSON.parse(value)) === JSON.stringify(wanted);
  });
}

/**
 * `room.search` (M `searchRooms`): rooms of the app (channels excluded), filtered by attribute
 * equality, sorted by comma-separated fields (`-` descending), then `skip`/`limit`. It scans the
 * app's rooms, which suits the room counts MaxLeap apps have.
 */
export async function searchRooms(ctx: ModelContext, actor: Actor, req: parley.v1.Query): Promise<parley.v1.IRooms> {
  const limit = Math.min(req.limit || 20, 100);
  const sort = req.sort
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => (s.startsWith('-') ? { field: s.slice(1), dir: -1 } : { field: s, dir: 1 }));
  const rows = await ctx.store.list({ prefix: [ctx.app.id, 'room'] });
  const rooms = rows.map((row) => decodeRoom(row.value)).filter((room) => room.kind !== RoomKind.ROOM_KIND_CHANNEL && matches(room, req.filter));
  rooms.sort((a, b) => {
    for (const { field, dir } of sort) {
      const x = sortValue(a, field);
      const y = sortValue(b, field);
      if (x !== y) return (x < y ? -1 : 1) * dir;
    }
    return 0;
  });
  return { rooms: rooms.slice(req.skip, req.skip + limit).map((room) => roomView(ctx, room, actor)) };
}

/** `room.listJoined` (M `listRooms`): the listed rooms whose member list includes the actor. */
export async function listJoinedRooms(ctx: ModelContext, actor: Actor, req: parley.v1.RoomListJoined): Promise<parley.v1.IRooms> {
  const ids = await listedRoomIdsOf(ctx, actor.userId);
  if (!req.withDetail) return { rooms: ids.map((roomId) => ({ roomId })) };
  const rows = await ctx.store.getMany(ids.map((id) => K.room(ctx.app.id, id)));
  return { rooms: rows.filter((row) => row !== undefined).map((row) => roomView(ctx, decodeRoom(row.value), actor)) };
}

/** Ids of the listed rooms (MaxLeap) whose member list includes `userId`. */
export async function listedRoomIdsOf(ctx: ModelContext, userId: string): Promise<string[]> {
  const rows = await ctx.store.list({ prefix: RK.listedPrefix(ctx.app.id, userId) });
  return rows.map((row) => row.key[row.key.length - 1] as string);
}

// ---------------------------------------------------------------------------------------------
// Presence: entering, members, counts

/**
 * The checks of `room.enter` (H `joinChatRoom`, `joinChannel`; T `joinGroup` on an AVChatRoom):
 * the room exists (a channel is created on first entry), the user is not banned, a listed room
 * lists them, guests only where the room allows anonymous entry, the password, the capacity.
 * Returns the room; the gateway's hub then records the session as present.
 * @throws ServerError ROOM_NOT_FOUND, BANNED, NOT_MEMBER, PERMISSION_DENIED, LIMIT_EXCEEDED
 */
export async function checkEnter(ctx: ModelContext, actor: Actor, req: parley.v1.RoomEnter, guest: boolean): Promise<Room> {
  const app = ctx.app.id;
  checkStringMap(req.joinProps, 'joinProps', { maxKeys: 32, maxKeyBytes: 64, maxValueBytes: 1024, maxTotalBytes: 4096 });
  const room = await transact(ctx.store, async (tx) => {
    const channel = req.room?.kind === RoomKind.ROOM_KIND_CHANNEL;
    const id = channel ? checkRoomId(req.room?.roomId, 'room.roomId') : '';
    if (channel && !(await tx.get(K.room(app, id)))) {
      if (await tx.get(K.group(app, id))) throw new ServerError(ErrorCode.ROOM_NOT_FOUND, 'the id names a group', { detail: 'room' });
      // H channels are created implicitly by their string id; they have no owner and no history.
      const created = new parley.v1.Room({ roomId: id, kind: RoomKind.ROOM_KIND_CHANNEL, region: checkText(req.room?.region, 'room.region', 32), createdAt: ctx.now(), allowAnonymous: true });
      saveRoom(tx, app, created);
      return created;
    }
    const found = await requireRoom(tx, app, req.room);
    if (await activeRow<BanRecord>(tx, RK.ban(app, found.roomId, actor.userId), ctx.now())) {
      throw new ServerError(ErrorCode.BANNED, 'banned from this room', { detail: 'room' });
    }
    return found;
  });
  const presence = roomPresenceOf(ctx);
  const userPresent = presence.isPresent(app, room.roomId, actor.userId);
  if (isManager(room, actor)) return room;
  if (room.kind === RoomKind.ROOM_KIND_LISTED && !room.memberIds.includes(actor.userId)) throw new ServerError(ErrorCode.NOT_MEMBER, 'not a member of this room', { detail: 'room' });
  if (guest && !room.allowAnonymous) throw new ServerError(ErrorCode.PERMISSION_DENIED, 'this room does not admit guests', { detail: 'room' });
  if (room.password && req.password !== room.password) throw new ServerError(ErrorCode.PERMISSION_DENIED, 'wrong room password', { detail: 'password' });
  const capacity = capacityOf(ctx, room);
  if (!userPresent && capacity > 0 && presence.count(app, room.roomId) >= capacity) {
    throw new ServerError(ErrorCode.LIMIT_EXCEEDED, 'the room is full', { detail: 'room' });
  }
  return room;
}

/** The room entry result: the room as the entrant sees it and the count after entering. */
export function enterResult(ctx: ModelContext, actor: Actor, room: Room, alreadyIn: boolean): parley.v1.IRoomEnterResult {
  const view = roomView(ctx, room, actor);
  return { room: view, count: view.onlineCount, alreadyIn };
}

/**
 * `room.count` (H `getChatRoomUserCount`, T `getGroupOnlineMemberCount`): users present, for
 * every kind (a listed room's member list is `room.get`'s); entering is not required.
 */
export async function countRoom(ctx: ModelContext, req: parley.v1.RoomRefOp): Promise<parley.v1.IRoomCountResult> {
  const room = await transact(ctx.store, (tx) => requireRoom(tx, ctx.app.id, req.room));
  return { totalCount: roomPresenceOf(ctx).count(ctx.app.id, room.roomId) };
}

/** `room.listMembers`: present users in join order (listed rooms: the member list), by offset. */
export async function listRoomMembers(ctx: ModelContext, req: parley.v1.RoomListMembers): Promise<parley.v1.IUserIdPage> {
  const room = await transact(ctx.store, (tx) => requireRoom(tx, ctx.app.id, req.room));
  if (req.mark !== 0 && req.mark < 1000) throw invalidParam('mark', 'marks are 1000 or more');
  const count = Math.min(req.count || 100, 500);
  const all = room.kind === RoomKind.ROOM_KIND_LISTED ? room.memberIds : roomPresenceOf(ctx).userIds(ctx.app.id, room.roomId, req.mark);
  const page = all.slice(req.offset, req.offset + count);
  const next = req.offset + page.length;
  const completed = next >= all.length;
  return { userIds: page, nextOffset: completed ? 0 : next, completed };
}

/** `room.getManagers` (H `getChatRoomManager`): owners and admins, or one role. */
export async function getRoomManagers(ctx: ModelContext, req: parley.v1.RoomGetManagers): Promise<parley.v1.IRoomManagers> {
  if (req.role !== '' && req.role !== 'owner' && req.role !== 'admin') throw invalidParam('role', '"owner", "admin" or empty');
  const room = await transact(ctx.store, (tx) => requireRoom(tx, ctx.app.id, req.room));
  return {
    owners: req.role !== 'admin' && room.ownerId ? [room.ownerId] : [],
    admins: req.role !== 'owner' ? room.adminIds : [],
  };
}

// ---------------------------------------------------------------------------------------------
// Moderation: mutes, kicks and bans, marks, member attributes

function checkTargets(req: parley.v1.RoomModerate): string[] {
  const userIds = checkUserIds(req.userIds, 'userIds', 500);
  if (userIds.length === 0) throw invalidParam('userIds', 'at least one');
  return userIds;
}

/** Loads the room for a moderation op and checks that the actor manages it (not the owner as target). */
async function moderated(tx: Tx, app: string, actor: Actor, req: parley.v1.RoomModerate, targets: readonly string[]): Promise<Room> {
  const room = await requireRoom(tx, app, req.room);
  assertManager(room, actor);
  if (!actor.privileged && room.ownerId && room.ownerId !== actor.userId && targets.includes(room.ownerId)) {
    throw new ServerError(ErrorCode.PERMISSION_DENIED, 'the owner cannot be moderated', { detail: 'userIds' });
  }
  return room;
}

/**
 * `room.mute` / `room.unmute` (H `muteUser` / `unMuteUser`, T `setGroupMemberMuteTime`): a mute
 * lasts `secs` seconds (0 = until unmuted); `secs_text` is echoed in `room_mute`.
 */
export async function muteInRoom(ctx: ModelContext, actor: Actor, req: parley.v1.RoomModerate, muted: boolean): Promise<void> {
  const app = ctx.app.id;
  const userIds = checkTargets(req);
  const secsText = checkText(req.secsText, 'secsText', 64);
  const reason = checkText(req.reason, 'reason', 256);
  await transact(ctx.store, async (tx) => {
    const room = await moderated(tx, app, actor, req, userIds);
    const until = req.secs > 0 ? ctx.now() + req.secs * 1000 : 0;
    for (const userId of userIds) {
      if (muted) tx.set(RK.mute(app, room.roomId, userId), toJson({ until, secsText, reason, by: actor.userId } satisfies MuteRecord));
      else tx.delete(RK.mute(app, room.roomId, userId));
    }
    tx.onCommit(() => ctx.deliver.toRoom(app, room.roomId, { roomMute: { roomId: room.roomId, by: actor.userId, userIds, secsText, reason, muted } }, actor.sessionId));
  });
}

/** `room.listMuted` (H `getMutedUserList`): users muted now. */
export async function listMuted(ctx: ModelContext, req: parley.v1.RoomRefOp): Promise<parley.v1.IUserIds> {
  const app = ctx.app.id;
  const room = await transact(ctx.store, (tx) => requireRoom(tx, app, req.room));
  const now = ctx.now();
  const rows = await ctx.store.list({ prefix: RK.mutes(app, room.roomId) });
  return {
    userIds: rows.filter((row) => {
      const mute = fromJson<MuteRecord>(row.value);
      return mute.until === 0 || mute.until > now;
    }).map((row) => row.key[row.key.length - 1] as string),
  };
}

/**
 * `room.kick` (H `kickOffUser`, T `deleteGroupMember` on an AVChatRoom): `room_kick` to the
 * room (the kicked users included), then they leave; `secs` > 0 bans re-entry that long.
 */
export async function kickFromRoom(ctx: ModelContext, actor: Actor, req: parley.v1.RoomModerate): Promise<void> {
  const app = ctx.app.id;
  const userIds = checkTargets(req);
  const reason = checkText(req.reason, 'reason', 256);
  const kickType = checkText(req.kickType, 'kickType', 32);
  await transact(ctx.store, async (tx) => {
    const room = await moderated(tx, app, actor, req, userIds);
    if (req.secs > 0) {
      const until = ctx.now() + req.secs * 1000;
      for (const userId of userIds) tx.set(RK.ban(app, room.roomId, userId), toJson({ until, reason, kickType, by: actor.userId } satisfies BanRecord));
    }
    tx.onCommit(() => {
      ctx.deliver.toRoom(app, room.roomId, { roomKick: { roomId: room.roomId, by: actor.userId, userIds, banSecs: req.secs, reason, kickType } }, actor.sessionId);
      roomPresenceOf(ctx).evict(app, room.roomId, userIds);
    });
  });
}

/** `room.markMembers` (T `markGroupMemberList`): marks ≥ 1000 on present members, by managers. */
export async function markRoomMembers(ctx: ModelContext, actor: Actor, req: parley.v1.RoomModerate): Promise<void> {
  const userIds = checkTargets(req);
  if (req.mark < 1000) throw invalidParam('mark', 'marks are 1000 or more');
  const room = await transact(ctx.store, (tx) => moderated(tx, ctx.app.id, actor, req, []));
  roomPresenceOf(ctx).mark(ctx.app.id, room.roomId, userIds, req.mark, req.enable);
}

async function requirePresent(ctx: ModelContext, actor: Actor, ref: parley.v1.IRoomRef | null | undefined): Promise<Room> {
  const room = await transact(ctx.store, (tx) => requireRoom(tx, ctx.app.id, ref));
  if (!roomPresenceOf(ctx).isPresent(ctx.app.id, room.roomId, actor.userId) && !isManager(room, actor)) {
    throw new ServerError(ErrorCode.NOT_IN_ROOM, 'enter the room first', { detail: 'room' });
  }
  return room;
}

/** `room.setMemberAttrs` (H `setUserAttributes`): the caller's own, replaced; cleared when they leave. */
export async function setMemberAttrs(ctx: ModelContext, actor: Actor, req: parley.v1.RoomMemberAttrsEdit): Promise<void> {
  checkStringMap(req.attributes, 'attributes', attrLimits(ctx));
  const room = await transact(ctx.store, (tx) => requireRoom(tx, ctx.app.id, req.room));
  const attributes = { ...req.attributes };
  if (!roomPresenceOf(ctx).setMemberAttrs(ctx.app.id, room.roomId, actor.userId, attributes)) {
    throw new ServerError(ErrorCode.NOT_IN_ROOM, 'enter the room first', { detail: 'room' });
  }
  ctx.deliver.toRoom(ctx.app.id, room.roomId, { roomMemberAttrs: { roomId: room.roomId, userId: actor.userId, attributes } }, actor.sessionId);
}

/** `room.listMemberAttrs` (H `getUserAttributesList`): members present with attributes. */
export async function listMemberAttrs(ctx: ModelContext, actor: Actor, req: parley.v1.RoomRefOp): Promise<parley.v1.IRoomMemberAttrsList> {
  const room = await requirePresent(ctx, actor, req.room);
  return { members: roomPresenceOf(ctx).memberAttrs(ctx.app.id, room.roomId) };
}

// ---------------------------------------------------------------------------------------------
// Messages and history

/**
 * Checks inside a transaction that `actor` may post: not banned, not muted, and in the room
 * (present; listed rooms: on the member list). App privilege posts anywhere.
 * @throws ServerError ROOM_NOT_FOUND, BANNED, MUTED, NOT_IN_ROOM, NOT_MEMBER
 */
async function checkRoomSend(tx: Tx, ctx: ModelContext, actor: Actor, roomId: string): Promise<Room> {
  const app = ctx.app.id;
  const room = await loadRoom(tx, app, roomId);
  if (!room) throw new ServerError(ErrorCode.ROOM_NOT_FOUND, 'no such room', { detail: 'convId' });
  if (actor.privileged) return room;
  const now = ctx.now();
  if (await activeRow<BanRecord>(tx, RK.ban(app, roomId, actor.userId), now)) throw new ServerError(ErrorCode.BANNED, 'banned from this room', { detail: 'convId' });
  if (await activeRow<MuteRecord>(tx, RK.mute(app, roomId, actor.userId), now)) throw new ServerError(ErrorCode.MUTED, 'muted in this room', { detail: 'convId' });
  if (room.kind === RoomKind.ROOM_KIND_LISTED) {
    if (!room.memberIds.includes(actor.userId)) throw new ServerError(ErrorCode.NOT_MEMBER, 'not a member of this room', { detail: 'convId' });
  } else if (!roomPresenceOf(ctx).isPresent(app, roomId, actor.userId)) {
    throw new ServerError(ErrorCode.NOT_IN_ROOM, 'enter the room first', { detail: 'convId' });
  }
  return room;
}

/** Whether the room's history policy keeps this entry (`text:N` keeps text-only messages). */
function keeps(ctx: ModelContext, room: Room, entry: Message): boolean {
  const { keep } = parseHistoryPolicy(historyPolicyOf(ctx, room));
  if (keep === 'none' || entry.flags?.onlineOnly || entry.receiverIds.length > 0) return false;
  return keep === 'full' || entry.elements.every((element) => element.text != null);
}

/**
 * Hands a room message to its audience: the receivers' sessions in the room (unicast), every
 * listed member's sessions (listed rooms are delivered to members online, M), or everyone present.
 */
function fanOut(ctx: ModelContext, room: Room, entry: Message, exceptSessionId: string | undefined): void {
  const app = ctx.app.id;
  const push: parley.v1.IPush = { message: { message: entry } };
  if (entry.receiverIds.length > 0) roomPresenceOf(ctx).toMembers(app, room.roomId, entry.receiverIds, push, exceptSessionId);
  else if (room.kind === RoomKind.ROOM_KIND_LISTED) for (const userId of room.memberIds) ctx.deliver.toUser(app, userId, push, exceptSessionId);
  else ctx.deliver.toRoom(app, room.roomId, push, exceptSessionId);
}

/** Entries examined per retention sweep, and how often (in seqs) a send sweeps. */
const RETENTION_SWEEP = { rows: 256, everySeqs: 64 } as const;

/**
 * Enforces the `N` days of a `text:N`/`full:N` policy: every few appends, the oldest entries
 * past the window are deleted with their id indexes (room logs have no per-user rows).
 */
async function sweepRetention(tx: Tx, ctx: ModelContext, roomId: string, days: number): Promise<void> {
  const app = ctx.app.id;
  const log = roomLog(roomId);
  const cutoff = ctx.now() - days * 86_400_000;
  const rows = await tx.list({ prefix: K.logPrefix(app, log), limit: RETENTION_SWEEP.rows });
  for (const row of rows) {
    const old = decodeMessage(row.value);
    if (old.time >= cutoff) break;
    tx.delete(row.key);
    tx.delete(K.byServerId(app, old.serverMsgId));
    if (old.clientMsgId) tx.delete(K.byClientId(app, old.senderId, old.clientMsgId));
  }
}

/**
 * `msg.send` to a `room:` or `channel:` conversation: checks that the sender is in the room
 * and not muted, keeps the entry when the room's history policy says so, and fans it out to
 * the room's present members. `entry` is the message as `msg.send` built it. Entries with
 * `receiver_ids` are unicasts inside the room (H `sendSingleUserMessage`): never kept, and
 * delivered only to those users' sessions in the room.
 */
export async function sendRoomMessage(ctx: ModelContext, actor: Actor, target: ConvTarget, entry: Message): Promise<parley.v1.ISendResult> {
  const app = ctx.app.id;
  entry.receiverIds = checkUserIds(entry.receiverIds, 'receiverIds', 100);
  const room = await transact(ctx.store, (tx) => checkRoomSend(tx, ctx, actor, target.targetId));
  if (keeps(ctx, room, entry)) return appendRoomMessage(ctx, actor, room, entry);
  const presence = roomPresenceOf(ctx);
  const key = `${app}\u0000${actor.userId}\u0000${entry.clientMsgId}`;
  const seen = presence.sentOnce(key);
  if (seen) return { ...seen, duplicate: true };
  entry.serverMsgId = ctx.ids.nextServerMsgId();
  entry.time = ctx.now();
  entry.seq = 0;
  entry.convId = target.convId;
  fanOut(ctx, room, entry, actor.sessionId);
  const result = { serverMsgId: entry.serverMsgId, seq: 0, time: entry.time, duplicate: false, senderTinyId: entry.senderTinyId };
  presence.sentOnce(key, result);
  return result;
}

/** A kept room message: appended to the room log (no per-user rows, no unread), then fanned out. */
async function appendRoomMessage(ctx: ModelContext, actor: Actor, room: Room, entry: Message): Promise<parley.v1.ISendResult> {
  const app = ctx.app.id;
  const log = roomLog(room.roomId);
  const { days } = parseHistoryPolicy(historyPolicyOf(ctx, room));
  return transact(
    ctx.store,
    async (tx) => {
      const seen = await tx.get(K.byClientId(app, actor.userId, entry.clientMsgId));
      if (seen) {
        const location = fromJson<EntryLocation>(seen);
        const original = await tx.get(K.entry(app, location.log, location.seq));
        if (!original) throw new ServerError(ErrorCode.INTERNAL, 'dedup index points at a missing entry');
        const stored = decodeMessage(original);
        return { serverMsgId: stored.serverMsgId, seq: stored.seq, time: stored.time, duplicate: true, senderTinyId: stored.senderTinyId };
      }
      const current = await checkRoomSend(tx, ctx, actor, room.roomId);
      const { entry: stored } = await ctx.messaging.append(tx, ctx, log, entry, []);
      tx.set(K.byClientId(app, actor.userId, entry.clientMsgId), toJson({ log, seq: stored.seq } satisfies EntryLocation));
      if (stored.seq % RETENTION_SWEEP.everySeqs === 0) await sweepRetention(tx, ctx, room.roomId, days);
      tx.onCommit(() => fanOut(ctx, current, stored, actor.sessionId));
      return { serverMsgId: stored.serverMsgId, seq: stored.seq, time: stored.time, duplicate: false, senderTinyId: stored.senderTinyId };
    },
    { locks: [logId(log)] },
  );
}

/**
 * Refuses a room log (history) to a viewer who may not read it: readers are the users present
 * (live rooms) or on the member list (listed rooms).
 * @throws ServerError ROOM_NOT_FOUND, NOT_IN_ROOM, NOT_MEMBER
 */
export async function assertRoomReader(ctx: ModelContext, viewer: string, roomId: string): Promise<void> {
  const room = await transact(ctx.store, (tx) => loadRoom(tx, ctx.app.id, roomId));
  if (!room) throw new ServerError(ErrorCode.ROOM_NOT_FOUND, 'no such room', { detail: 'convId' });
  if (room.kind === RoomKind.ROOM_KIND_LISTED) {
    if (!room.memberIds.includes(viewer)) throw new ServerError(ErrorCode.NOT_MEMBER, 'not a member of this room', { detail: 'convId' });
  } else if (!roomPresenceOf(ctx).isPresent(ctx.app.id, roomId, viewer)) {
    throw new ServerError(ErrorCode.NOT_IN_ROOM, 'enter the room first', { detail: 'convId' });
  }
}
