import type { Dialect, Kind } from '../dialect.js';
import { parseConversationId as parseV2 } from '../ids.js';
import { isObj, messageIn, messageOut, parseObj } from './message.js';

type Obj = Record<string, unknown>;

/**
 * The 3.x conversation ID: `si_<a>_<b>` with the two user IDs sorted ascending, `sg_<groupID>`
 * for groups (3.x's groups are all "working groups", session type 3).
 */
export function conversationIdV3(sessionType: number, sourceID: string, self: string): string {
  if (sessionType !== 1) return `sg_${sourceID}`;
  return `si_${[self, sourceID].sort().join('_')}`;
}

/**
 * Parses a conversation ID of either generation (`si_`, `sg_`, `g_`, and 2.x's `single_`/`group_`)
 * into the 2.x session type (1 single, 2 group) and source. A `si_` ID needs the signed-in user to
 * tell the peer apart (`self`); undefined for an ID that does not name them.
 */
export function parseConversationIdV3(id: unknown, self: string): { sessionType: 1 | 2; sourceID: string } | undefined {
  if (typeof id !== 'string') return undefined;
  const v2 = parseV2(id);
  if (v2) return v2;
  if (id.startsWith('sg_') && id.length > 3) return { sessionType: 2, sourceID: id.slice(3) };
  if (id.startsWith('g_') && id.length > 2) return { sessionType: 2, sourceID: id.slice(2) };
  if (!id.startsWith('si_') || self === '') return undefined;
  const pair = id.slice(3);
  // Self sorts either first or second; trying both keeps IDs that contain '_' splitting right.
  const after = pair.startsWith(`${self}_`) ? pair.slice(self.length + 1) : '';
  const before = pair.endsWith(`_${self}`) ? pair.slice(0, -(self.length + 1)) : '';
  const peer = after !== '' && self <= after ? after : before !== '' && before <= self ? before : after || before;
  return peer === '' ? undefined : { sessionType: 1, sourceID: peer };
}

/** Copies the fields of `shape` from `src` when their type matches, else takes the default. */
function pick(src: unknown, shape: Obj): Obj {
  const from = isObj(src) ? src : {};
  const out: Obj = {};
  for (const [key, fallback] of Object.entries(shape)) {
    const value = from[key];
    out[key] = value !== undefined && value !== null && typeof value === typeof fallback ? value : fallback;
  }
  return out;
}

/** 2.x group roles (1 member, 2 owner, 3 admin) as 3.x's (20, 100, 60). */
export function roleV3(role: unknown): number {
  return role === 2 ? 100 : role === 3 ? 60 : 20;
}

const FRIEND = { addSource: 0, createTime: 0, ex: '', faceURL: '', userID: '', nickname: '', operatorUserID: '', ownerUserID: '', remark: '', isPinned: false, attachedInfo: '' };
const BLACK = { addSource: 0, userID: '', createTime: 0, ex: '', faceURL: '', nickname: '', operatorUserID: '', ownerUserID: '' };
const SELF = { createTime: 0, ex: '', faceURL: '', nickname: '', userID: '', globalRecvMsgOpt: 0, addFriendPermission: 0 };
const PUBLIC = { nickname: '', userID: '', faceURL: '', ex: '' };
const GROUP = {
  groupID: '',
  groupName: '',
  notification: '',
  notificationUserID: '',
  notificationUpdateTime: 0,
  introduction: '',
  faceURL: '',
  ownerUserID: '',
  createTime: 0,
  memberCount: 0,
  status: 0,
  creatorUserID: '',
  groupType: 2,
  needVerification: 0,
  ex: '',
  applyMemberFriend: 0,
  lookMemberInfo: 0,
  displayIsRead: false,
};
const MEMBER = { groupID: '', userID: '', nickname: '', faceURL: '', roleLevel: 20, muteEndTime: 0, joinTime: 0, joinSource: 2, inviterUserID: '', operatorUserID: '', ex: '' };
const FRIEND_APPLICATION = {
  createTime: 0,
  ex: '',
  fromFaceURL: '',
  fromNickname: '',
  fromUserID: '',
  handleMsg: '',
  handleResult: 0,
  handleTime: 0,
  handlerUserID: '',
  reqMsg: '',
  toFaceURL: '',
  toNickname: '',
  toUserID: '',
};
const GROUP_APPLICATION = {
  createTime: 0,
  creatorUserID: '',
  ex: '',
  groupFaceURL: '',
  groupID: '',
  groupName: '',
  groupType: 2,
  handleResult: 0,
  handleUserID: '',
  handledMsg: '',
  handledTime: 0,
  introduction: '',
  memberCount: 0,
  nickname: '',
  notification: '',
  ownerUserID: '',
  reqMsg: '',
  reqTime: 0,
  joinSource: 3,
  status: 0,
  userFaceURL: '',
  userID: '',
};
const CONVERSATION = {
  conversationID: '',
  conversationType: 1,
  userID: '',
  groupID: '',
  showName: '',
  faceURL: '',
  recvMsgOpt: 0,
  unreadCount: 0,
  groupAtType: 0,
  latestMsg: '',
  latestMsgSendTime: 0,
  draftText: '',
  draftTextTime: 0,
  burnDuration: 0,
  msgDestructTime: 0,
  isPinned: false,
  isNotInGroup: false,
  isPrivateChat: false,
  isMsgDestruct: false,
  isMarked: false,
  attachedInfo: '',
  ex: '',
};

/** A 2.x conversation as 3.x's: `si_`/`sg_` ID, type 3 for groups, `latestMsg` the 3.x message's JSON. */
export function conversationOut(value: unknown, self: string): Obj {
  const c = pick(value, CONVERSATION);
  const parsed = parseConversationIdV3(c.conversationID, self);
  const group = c.conversationType === 2 || c.conversationType === 3 || parsed?.sessionType === 2;
  const source = parsed?.sourceID ?? String(group ? c.groupID : c.userID);
  c.conversationType = group ? 3 : 1;
  c.conversationID = conversationIdV3(group ? 2 : 1, source, self);
  const latest = parseObj(c.latestMsg);
  c.latestMsg = latest ? JSON.stringify(messageOut(latest)) : c.latestMsg;
  return c;
}

/** A 2.x read receipt (`uid`, session type 2 for groups) as 3.x's `ReceiptInfo`. */
function receiptOut(value: unknown): Obj {
  const r = isObj(value) ? value : {};
  return {
    userID: typeof r.userID === 'string' ? r.userID : String(r.uid ?? ''),
    groupID: typeof r.groupID === 'string' ? r.groupID : '',
    msgIDList: Array.isArray(r.msgIDList) ? r.msgIDList : [],
    readTime: typeof r.readTime === 'number' ? r.readTime : 0,
    msgFrom: typeof r.msgFrom === 'number' ? r.msgFrom : 100,
    contentType: typeof r.contentType === 'number' ? r.contentType : 0,
    sessionType: r.sessionType === 2 ? 3 : typeof r.sessionType === 'number' ? r.sessionType : 1,
  };
}

/** A `raw` string as 3.x's `tryParse` leaves it: numbers and booleans parsed, other text kept. */
function rawOut(value: unknown): unknown {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') return value;
  return /^-?\d+(\.\d+)?$/.test(value) || value === 'true' || value === 'false' ? JSON.parse(value) : value;
}

const list = (value: unknown, one: (item: unknown) => unknown): unknown[] => (Array.isArray(value) ? value.map(one) : []);

/**
 * The 3.x dialect for the user `self()` signs in as: every `data` is an object (or a scalar) in the
 * shapes of @openim/wasm-client-sdk 3.8. A function of the user because one-to-one conversation
 * IDs name both sides.
 */
export function v3Dialect(self: () => string): Dialect {
  const member = (m: unknown): Obj => ({ ...pick(m, MEMBER), roleLevel: roleV3(isObj(m) ? m.roleLevel : undefined) });
  const friend = (f: unknown): Obj => pick(f, FRIEND);
  // 3.x knows one group type (2, "working group"); 2.x's is 0.
  const group = (g: unknown): Obj => ({ ...pick(g, GROUP), groupType: 2 });
  const groupApplication = (a: unknown): Obj => ({ ...pick(a, GROUP_APPLICATION), groupType: 2 });
  const out = (kind: Kind, value: unknown): unknown => {
    switch (kind) {
      case 'ok':
        return '';
      case 'message':
        return messageOut(value);
      case 'messages':
        return list(value, messageOut);
      case 'conversation':
        return conversationOut(value, self());
      case 'conversations':
        return list(value, (c) => conversationOut(c, self()));
      case 'user':
        return pick(value, SELF);
      case 'users':
        return list(value, (u) => pick(u, PUBLIC));
      case 'friend':
        return friend(value);
      case 'black':
        return pick(value, BLACK);
      // 3.x answers friend lookups with the friends themselves (FriendUserItem[]).
      case 'totalUsers':
        return list(value, (t) => (isObj(t) ? t.friendInfo : undefined)).filter(isObj).map(friend);
      case 'friendApplication':
        return pick(value, FRIEND_APPLICATION);
      case 'friendApplications':
        return list(value, (a) => pick(a, FRIEND_APPLICATION));
      case 'group':
        return group(value);
      case 'groups':
        return list(value, group);
      case 'member':
        return member(value);
      case 'members':
        return list(value, member);
      case 'groupApplication':
        return groupApplication(value);
      case 'groupApplications':
        return list(value, groupApplication);
      case 'receipts':
        return list(value, receiptOut);
      case 'results':
        return list(value, (r) => pick(r, { result: 0, userID: '' }));
      default:
        return rawOut(value);
    }
  };
  return {
    generation: 3,
    out,
    parseConversationId: (id) => parseConversationIdV3(id, self()),
    messageIn,
  };
}
