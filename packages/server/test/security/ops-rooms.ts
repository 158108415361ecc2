import { ErrorCode } from '../../src/errors.js';
import type { OpSpec } from './matrix.js';
import { listed, room } from './ops-common.js';
import { type Ids, ROOM_PASSWORD } from './world.js';

/** The matrix table, part 4: rooms and channels (§2.10). */

const { OK, NOT_MEMBER, NOT_IN_ROOM, BANNED, PERMISSION_DENIED, USER_NOT_FOUND, ROOM_NOT_FOUND } = ErrorCode;

/** A room admin moderating the room's owner. */
const ownerAsTarget = (extra: object) =>
  ({ code: PERMISSION_DENIED, as: 'admin', note: 'an admin moderating the owner', build: (ids: Ids) => ({ room: room(ids), userIds: [ids.owner], ...extra }) }) as const;

export const ROOM_OPS = {
  roomCreate: { access: 'self', build: () => ({ room: { name: 'new room' } }) },
  roomDismiss: { access: 'roomOwner', build: (ids) => ({ room: room(ids) }), foreign: ROOM_NOT_FOUND },
  roomGet: {
    access: 'user',
    guest: true,
    build: (ids) => ({ room: room(ids) }),
    foreign: ROOM_NOT_FOUND,
    cells: {
      // Anyone may look a room up, but its password is for its managers.
      nonMember: { code: OK, note: 'the password stays hidden' },
      lacksRole: { code: OK, as: 'member', note: 'the password stays hidden from a member who is no manager' },
    },
  },
  roomUpdate: {
    access: 'roomAdmin',
    build: (ids) => ({ room: room(ids), patch: { name: 'renamed' }, setFields: ['name'] }),
    foreign: ROOM_NOT_FOUND,
    cells: {
      lacksRole: [
        { code: PERMISSION_DENIED, as: 'member' },
        { code: PERMISSION_DENIED, as: 'admin', note: 'an admin changing the admins', build: (ids) => ({ room: room(ids), patch: { adminIds: [ids.admin, ids.member] }, setFields: ['adminIds'] }) },
      ],
    },
  },
  roomSearch: { access: 'self', build: () => ({ limit: 100 }), foreign: OK },
  roomListJoined: { access: 'self', build: () => ({ withDetail: true }) },
  roomEnter: {
    access: 'user',
    guest: true,
    build: (ids) => ({ room: room(ids) }),
    foreign: ROOM_NOT_FOUND,
    cells: {
      nonMember: [
        { code: NOT_MEMBER, note: 'a listed room that does not list it', build: (ids) => ({ room: listed(ids) }) },
        { code: PERMISSION_DENIED, note: 'a room with a password, without it' },
      ],
      blocked: { code: BANNED, as: 'kicked', note: 'the room it was kicked from', build: (ids) => ({ room: room(ids), password: ROOM_PASSWORD }) },
      guest: { code: PERMISSION_DENIED, note: 'a room that admits no guests' },
    },
  },
  roomExit: { access: 'present', guest: true, build: (ids) => ({ room: room(ids) }), foreign: ROOM_NOT_FOUND, cells: { blocked: { code: NOT_IN_ROOM, as: 'kicked', note: 'kicked out' } } },
  roomAddMembers: {
    access: 'member',
    build: (ids) => ({ room: listed(ids), userIds: [ids.outsider] }),
    cells: {
      // The users are checked first: tenant A's users are unknown to tenant B, like ghosts.
      otherTenant: [
        { code: USER_NOT_FOUND, as: 'bAdmin', note: 'privileged session of tenant B' },
        { code: USER_NOT_FOUND, as: 'bUser', note: 'plain user of tenant B' },
        { code: ROOM_NOT_FOUND, as: 'bAdmin', note: "adding a user of tenant B to tenant A's room", build: (ids) => ({ room: listed(ids), userIds: ['b-user'] }) },
      ],
    },
  },
  roomRemoveMembers: { access: 'member', build: (ids) => ({ room: listed(ids), userIds: [ids.member] }), foreign: ROOM_NOT_FOUND },
  roomListMembers: { access: 'user', guest: true, build: (ids) => ({ room: room(ids) }), foreign: ROOM_NOT_FOUND },
  roomCount: { access: 'user', guest: true, build: (ids) => ({ room: room(ids) }), foreign: ROOM_NOT_FOUND },
  roomGetManagers: { access: 'user', build: (ids) => ({ room: room(ids) }), foreign: ROOM_NOT_FOUND },
  roomMute: {
    access: 'roomAdmin',
    build: (ids) => ({ room: room(ids), userIds: [ids.member], secs: 60 }),
    foreign: ROOM_NOT_FOUND,
    cells: { lacksRole: [{ code: PERMISSION_DENIED, as: 'member' }, ownerAsTarget({ secs: 60 })] },
  },
  roomUnmute: { access: 'roomAdmin', build: (ids) => ({ room: room(ids), userIds: [ids.muted] }), foreign: ROOM_NOT_FOUND },
  roomListMuted: { access: 'user', build: (ids) => ({ room: room(ids) }), foreign: ROOM_NOT_FOUND },
  roomKick: {
    access: 'roomAdmin',
    build: (ids) => ({ room: room(ids), userIds: [ids.member] }),
    foreign: ROOM_NOT_FOUND,
    cells: { lacksRole: [{ code: PERMISSION_DENIED, as: 'member' }, ownerAsTarget({ secs: 60 })] },
  },
  roomSetMemberAttrs: {
    access: 'present',
    build: (ids) => ({ room: room(ids), attributes: { k: 'v' } }),
    foreign: ROOM_NOT_FOUND,
    cells: { blocked: { code: NOT_IN_ROOM, as: 'kicked', note: 'kicked out' } },
  },
  roomListMemberAttrs: { access: 'present', build: (ids) => ({ room: room(ids) }), foreign: ROOM_NOT_FOUND },
  roomMarkMembers: { access: 'roomAdmin', build: (ids) => ({ room: room(ids), userIds: [ids.member], mark: 1000, enable: true }), foreign: ROOM_NOT_FOUND },
} satisfies Record<string, OpSpec>;
