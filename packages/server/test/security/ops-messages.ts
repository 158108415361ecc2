import { parley } from '@parley/protocol';
import { ErrorCode } from '../../src/errors.js';
import type { OpSpec } from './matrix.js';
import { c2cMsg, group, groupMsg, text, transient } from './ops-common.js';

/**
 * The matrix table, part 2: messages and read state (§2.7, §2.8), attribute stores and
 * counters (§2.11), media (§2.12), guests and system messages (§2.13) and sync (§2.14).
 */

const { OK, NOT_FOUND, NOT_MEMBER, NOT_IN_ROOM, MUTED, BANNED, BLOCKED_BY_PEER, PERMISSION_DENIED, USER_NOT_FOUND } = ErrorCode;
const { GROUP_NOT_FOUND, MESSAGE_NOT_FOUND, REVOKE_NOT_ALLOWED } = ErrorCode;
const { AttrMode, CounterMode, SystemScope } = parley.v1;

export const MESSAGE_OPS = {
  msgSend: {
    access: 'member',
    guest: true,
    build: (ids) => text(group(ids)),
    foreign: GROUP_NOT_FOUND,
    cells: {
      nonMember: [
        { code: NOT_MEMBER, note: 'a group' },
        { code: NOT_MEMBER, as: 'former', note: 'a group it was removed from' },
        { code: NOT_MEMBER, note: 'a group, online only', build: (ids) => transient(group(ids)) },
        { code: NOT_MEMBER, note: "a community's topic", build: (ids) => text(`group:${ids.topic}`) },
        { code: NOT_IN_ROOM, note: 'a room it did not enter', build: (ids) => text(`room:${ids.room}`) },
        { code: NOT_IN_ROOM, as: 'former', note: 'a room it left', build: (ids) => text(`room:${ids.room}`) },
      ],
      muted: [
        { code: MUTED, note: 'in the group' },
        { code: MUTED, note: 'in the group, online only', build: (ids) => transient(group(ids)) },
        { code: MUTED, note: "in a topic of the community it is muted in", build: (ids) => text(`group:${ids.topic}`) },
        { code: MUTED, as: 'member', note: 'in a topic of a community with mute-all', build: (ids) => text(`group:${ids.topic}`) },
        { code: MUTED, note: 'in the room', build: (ids) => text(`room:${ids.room}`) },
        { code: PERMISSION_DENIED, as: 'silenced', note: 'C2C, by a user the app forbade to send', build: (ids) => text(`c2c:${ids.owner}`) },
      ],
      blocked: [
        { code: BLOCKED_BY_PEER, note: 'C2C to the blocker', build: (ids) => text(`c2c:${ids.blocker}`) },
        { code: BLOCKED_BY_PEER, note: 'C2C to the blocker, online only', build: (ids) => transient(`c2c:${ids.blocker}`) },
        { code: BANNED, as: 'kicked', note: 'in the room it was kicked from', build: (ids) => text(`room:${ids.room}`) },
      ],
      guest: { code: PERMISSION_DENIED, note: 'guests post in rooms only' },
    },
  },
  msgSignal: {
    access: 'user',
    build: (ids) => ({ toId: ids.owner, text: '' }),
    foreign: USER_NOT_FOUND,
    cells: { blocked: { code: BLOCKED_BY_PEER, note: 'typing to the blocker', build: (ids) => ({ toId: ids.blocker, text: '' }) } },
  },
  msgRevoke: {
    access: 'member',
    build: (ids) => ({ ref: groupMsg(ids) }),
    foreign: MESSAGE_NOT_FOUND,
    cells: {
      nonMember: [
        { code: NOT_MEMBER, note: 'a group message' },
        { code: NOT_MEMBER, as: 'former', note: 'a message of a group it was removed from' },
        { code: MESSAGE_NOT_FOUND, note: 'a C2C message between others', build: (ids) => ({ ref: c2cMsg(ids) }) },
      ],
      lacksRole: [
        { code: REVOKE_NOT_ALLOWED, as: 'member', note: "another member's message" },
        { code: REVOKE_NOT_ALLOWED, as: 'admin', note: "an admin, where the policy lets only the sender revoke" },
      ],
    },
  },
  msgModify: {
    access: 'member',
    build: (ids) => ({ ref: groupMsg(ids), elements: [{ text: { text: 'edited' } }], expectedVersion: 0 }),
    foreign: MESSAGE_NOT_FOUND,
    cells: { lacksRole: { code: PERMISSION_DENIED, as: 'member', note: "another member's message" } },
  },
  msgDeleteForSelf: {
    access: 'member',
    build: (ids) => ({ refs: [groupMsg(ids)] }),
    foreign: MESSAGE_NOT_FOUND,
    cells: {
      nonMember: [
        { code: NOT_MEMBER },
        { code: NOT_MEMBER, as: 'former', note: 'a removed member' },
        { code: MESSAGE_NOT_FOUND, note: 'a C2C message between others', build: (ids) => ({ refs: [c2cMsg(ids)] }) },
      ],
    },
  },
  msgClearForSelf: { access: 'member', build: (ids) => ({ convId: group(ids) }), foreign: GROUP_NOT_FOUND },
  msgInsertForSelf: { access: 'member', build: (ids) => text(group(ids)), foreign: GROUP_NOT_FOUND },
  msgHistory: { access: 'member', build: (ids) => ({ convId: group(ids) }), foreign: GROUP_NOT_FOUND },
  msgGet: {
    access: 'member',
    build: (ids) => ({ refs: [groupMsg(ids)] }),
    foreign: OK,
    cells: {
      nonMember: [
        { code: OK, note: 'unreadable references are skipped' },
        { code: OK, as: 'former', note: 'a message of a group it was removed from' },
        { code: OK, note: 'a C2C message between others', build: (ids) => ({ refs: [c2cMsg(ids)] }) },
      ],
    },
  },
  msgSetExtensions: { access: 'member', build: (ids) => ({ ref: groupMsg(ids), set: { k: { value: 'v' } } }), foreign: MESSAGE_NOT_FOUND },
  msgGetExtensions: {
    access: 'member',
    build: (ids) => ({ ref: groupMsg(ids) }),
    foreign: MESSAGE_NOT_FOUND,
    cells: {
      nonMember: [
        { code: NOT_MEMBER },
        { code: NOT_MEMBER, as: 'former', note: 'a removed member' },
        { code: MESSAGE_NOT_FOUND, note: 'a C2C message between others', build: (ids) => ({ ref: c2cMsg(ids) }) },
      ],
    },
  },
  msgDeleteExtensions: { access: 'member', build: (ids) => ({ ref: groupMsg(ids), keys: ['k'] }), foreign: MESSAGE_NOT_FOUND },
  readMark: {
    access: 'member',
    build: (ids) => ({ convIds: [group(ids)] }),
    foreign: NOT_FOUND,
    cells: {
      nonMember: [
        { code: NOT_FOUND, note: 'it has no such conversation' },
        { code: NOT_FOUND, as: 'member', note: 'its group and a group it is not in, at once', build: (ids) => ({ convIds: [group(ids), `group:${ids.privateGroup}`] }) },
      ],
    },
  },
  readReceipt: {
    access: 'member',
    build: (ids) => ({ refs: [groupMsg(ids)] }),
    foreign: MESSAGE_NOT_FOUND,
    cells: {
      nonMember: [
        { code: NOT_MEMBER },
        { code: NOT_MEMBER, as: 'former', note: 'a removed member' },
        { code: MESSAGE_NOT_FOUND, note: 'a C2C message between others', build: (ids) => ({ refs: [c2cMsg(ids)] }) },
        { code: MESSAGE_NOT_FOUND, as: 'muted', note: 'its group message and a C2C message between others, at once', build: (ids) => ({ refs: [groupMsg(ids), c2cMsg(ids)] }) },
      ],
    },
  },
  readReceiptStatus: { access: 'member', build: (ids) => ({ refs: [groupMsg(ids)] }), foreign: MESSAGE_NOT_FOUND },
  readReceiptMembers: {
    access: 'member',
    build: (ids) => ({ ref: groupMsg(ids), read: true }),
    foreign: MESSAGE_NOT_FOUND,
    cells: { lacksRole: { code: PERMISSION_DENIED, as: 'member', note: "readers of another member's message" } },
  },

  attrWrite: {
    access: 'member',
    build: (ids) => ({ scope: { groupId: ids.group }, mode: AttrMode.ATTR_MODE_UPSERT, entries: { k: 'v' } }),
    foreign: GROUP_NOT_FOUND,
    cells: {
      nonMember: [
        { code: NOT_MEMBER, note: "a group's store" },
        { code: NOT_IN_ROOM, note: "a room's store, not entered", build: (ids) => ({ scope: { roomId: ids.room }, mode: AttrMode.ATTR_MODE_UPSERT, entries: { k: 'v' } }) },
      ],
    },
  },
  attrRead: { access: 'member', guest: true, build: (ids) => ({ scope: { groupId: ids.group } }), foreign: GROUP_NOT_FOUND, cells: { guest: { code: NOT_MEMBER, note: "a group's store" } } },
  counterWrite: { access: 'member', build: (ids) => ({ groupId: ids.group, mode: CounterMode.COUNTER_MODE_INCREASE, values: { k: 1 } }), foreign: GROUP_NOT_FOUND },
  counterRead: { access: 'member', build: (ids) => ({ groupId: ids.group }), foreign: GROUP_NOT_FOUND },

  mediaUploadTicket: { access: 'self', build: () => ({ kind: 0, fileName: 'a.txt', mime: 'text/plain', size: 1 }) },
  mediaResolve: { access: 'user', build: (ids) => ({ mediaIds: [ids.media] }), foreign: OK },

  guestUpsert: {
    access: 'self',
    guest: true,
    build: () => ({ fields: { nick: '"x"' } }),
    cells: { guest: { code: PERMISSION_DENIED, note: "another user's guest record", build: (ids) => ({ id: ids.member, fields: { nick: '"x"' } }) } },
  },
  guestGet: { access: 'user', guest: true, build: (ids) => ({ id: ids.guestId }), foreign: NOT_FOUND },
  systemSend: {
    access: 'privileged',
    build: (ids) => ({ scope: SystemScope.SYSTEM_SCOPE_USER, targetId: ids.owner, elements: [{ text: { text: 'notice' } }] }),
    foreign: { admin: USER_NOT_FOUND, user: PERMISSION_DENIED },
  },

  syncChanges: { access: 'self', guest: true, build: () => ({ cursor: 0 }) },
  syncPull: { access: 'member', build: (ids) => ({ ranges: [{ convId: group(ids) }] }), foreign: GROUP_NOT_FOUND },
  syncAck: { access: 'self', build: (ids) => ({ marks: [{ convId: group(ids), deliveredSeq: 1 }] }) },
  syncSnapshot: { access: 'self', guest: true, build: () => ({}) },
} satisfies Record<string, OpSpec>;
