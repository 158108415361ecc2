import { type Conversation, ConvType, type Friend, isPeerRead, type Lookup, type Message, type Profile } from '@parley/core/client';
import { TYPES } from '../constants.js';
import type { TYPES as TypesEnum } from '../enums.js';
import { conversationTypeOf, targetOf, toConversationID } from '../ids.js';
import { messageForShow, type TimGroup } from './group.js';
import type { TimMessage } from './message.js';
import { type TimProfile, toTimProfile } from './profile.js';

/** `Conversation.lastMessage` as tim-js-sdk builds it (tim.md §4.3). */
export interface TimLastMessage {
  /** Seconds. */
  lastTime: number;
  lastSequence: number;
  fromAccount: string;
  messageForShow: string;
  payload: Record<string, unknown> | null;
  type: TypesEnum | '';
  isRevoked: boolean;
  cloudCustomData: string;
  onlineOnlyFlag: boolean;
  nick: string;
  nameCard: string;
  version: number;
  isPeerRead: boolean;
  revoker: string | null;
}

/** One `groupAtInfoList` item: an unread message that mentions me or everyone. */
export interface TimGroupAtInfo {
  from: string;
  groupID: string;
  topicID: string;
  messageSequence: number;
  /** `[CONV_AT_ME]`, `[CONV_AT_ALL]` or `[CONV_AT_ALL_AT_ME]`. */
  atTypeArray: number[];
}

/**
 * A conversation as tim-js-sdk hands it out (tim.md §4.3). One instance per conversationID per
 * SDK instance, refreshed in place, as the vendor keeps its own.
 */
export class TimConversation {
  conversationID = '';
  type: TypesEnum = TYPES.CONV_C2C;
  unreadCount = 0;
  lastMessage: TimLastMessage = emptyLastMessage();
  /** Seconds: the peer has read my C2C messages up to this time. */
  peerReadTime = 0;
  groupAtInfoList: TimGroupAtInfo[] = [];
  remark = '';
  isPinned = false;
  messageRemindType = '';
  markList: number[] = [];
  customData = '';
  conversationGroupList: string[] = [];
  // `declare`: only C2C conversations have a userProfile and only group ones a groupProfile.
  declare userProfile?: TimProfile;
  declare groupProfile?: TimGroup;

  /** The peer's userID or the groupID (a getter, as in tim-js-sdk). */
  get toAccount(): string {
    return this.type === TYPES.CONV_SYSTEM ? '' : targetOf(toCanonical(this.conversationID));
  }

  /** The group type (`Public`, `AVChatRoom`, …) of a group conversation, else `''`. */
  get subType(): string {
    return this.groupProfile?.type ?? '';
  }
}

function toCanonical(conversationID: string): string {
  if (conversationID.startsWith(TYPES.CONV_C2C as string)) return `c2c:${conversationID.slice(3)}`;
  if (conversationID.startsWith(TYPES.CONV_GROUP as string)) return `group:${conversationID.slice(5)}`;
  return 'system';
}

/** tim-js-sdk's `lastMessage` of a conversation without one. */
export function emptyLastMessage(): TimLastMessage {
  return {
    lastTime: 0,
    lastSequence: 0,
    fromAccount: '',
    messageForShow: '',
    payload: null,
    type: '',
    isRevoked: false,
    cloudCustomData: '',
    onlineOnlyFlag: false,
    nick: '',
    nameCard: '',
    version: 0,
    isPeerRead: false,
    revoker: null,
  };
}

/** A TIM message as a conversation's `lastMessage`. */
export function toLastMessage(message: TimMessage): TimLastMessage {
  return {
    lastTime: message.time,
    lastSequence: message.sequence,
    fromAccount: message.from,
    messageForShow: messageForShow(message.type as string, message.payload),
    payload: message.payload,
    type: message.type,
    isRevoked: message.isRevoked,
    cloudCustomData: message.cloudCustomData,
    onlineOnlyFlag: false,
    nick: message.nick,
    nameCard: message.nameCard,
    version: message.version,
    isPeerRead: message.isPeerRead,
    revoker: message.revoker,
  };
}

const REMIND_BY_OPT = [TYPES.MSG_REMIND_ACPT_AND_NOTE, TYPES.MSG_REMIND_ACPT_NOT_NOTE, TYPES.MSG_REMIND_DISCARD];

/**
 * `messageRemindType` of a receive option (`ReceiveOpt` 0 notify, 1 silent, 2 block). A C2C
 * conversation nobody muted shows `''`, as tim-js-sdk's does until a mute flag is synced; a
 * group one shows the member setting, `AcceptAndNotify` by default.
 */
export function remindTypeOf(receiveOpt: number | null | undefined, group: boolean): string {
  const opt = receiveOpt ?? 0;
  if (opt === 0 && !group) return '';
  return (REMIND_BY_OPT[opt] ?? TYPES.MSG_REMIND_ACPT_AND_NOTE) as string;
}

/** The receive option of a `messageRemindType`, or undefined for anything else. */
export function receiveOptOf(remindType: unknown): number | undefined {
  const index = REMIND_BY_OPT.indexOf(remindType as TypesEnum);
  return index < 0 ? undefined : index;
}

/** `markList`: every set bit of the mark bit set, as its value, lowest first. */
export function markListOf(marks: number | null | undefined): number[] {
  const list: number[] = [];
  let rest = (marks ?? 0) >>> 0;
  for (let bit = 1; rest > 0; bit *= 2) {
    if (rest % 2 === 1) list.push(bit);
    rest = Math.floor(rest / 2);
  }
  return list;
}

/** Where a conversation's profile fields come from. */
export interface ConversationSources {
  /** The viewer's userID. */
  userId: string;
  /** The TIM message of a row's last message (undefined for entries a TIM app never sees). */
  lastMessage: (message: Message) => TimMessage | undefined;
  profiles?: Lookup<Profile>;
  friends?: Lookup<Friend>;
  /** The TIM Group of a group id (`room`: an AVChatRoom, a room in the core). */
  group: (groupId: string, room: boolean) => TimGroup;
  /** The conversation groups (folders) a conversation is in. */
  folders?: (convId: string) => string[];
}

const VISIBILITY_DELETED = 2;

/** Whether a core row is one a TIM app lists: C2C, group, AVChatRoom or system, not deleted. */
export function isTimRow(row: Conversation): boolean {
  if (row.visibility === VISIBILITY_DELETED) return false;
  return row.type === ConvType.C2C || row.type === ConvType.GROUP || row.type === ConvType.ROOM || row.type === ConvType.SYSTEM;
}

/**
 * Copies a core conversation row into a TIM conversation (a fresh one unless `into` is given).
 * AVChatRooms (`room:` rows) become `GROUP` conversations whose unread count is always 0.
 */
export function applyConversation(row: Conversation, sources: ConversationSources, into?: TimConversation): TimConversation {
  const c = into ?? new TimConversation();
  const type = conversationTypeOf(row.convId);
  const target = targetOf(row.convId);
  const room = row.type === ConvType.ROOM || row.convId.startsWith('room:');
  c.conversationID = toConversationID(row.convId);
  c.type = type;
  c.isPinned = row.pinned === true;
  c.customData = row.customData ?? '';
  c.markList = markListOf(row.marks);
  c.conversationGroupList = sources.folders?.(row.convId) ?? [...(row.folders ?? [])];
  c.messageRemindType = type === TYPES.CONV_SYSTEM ? '' : remindTypeOf(row.receiveOpt, type === TYPES.CONV_GROUP);
  c.peerReadTime = type === TYPES.CONV_C2C ? Math.floor(Number(row.peerReadAt ?? 0) / 1000) : 0;
  c.remark = type === TYPES.CONV_C2C ? (sources.friends?.get(target)?.remark ?? '') : '';
  if (type === TYPES.CONV_C2C) {
    // Until the peer's profile is fetched, the sender snapshot of its last message stands in.
    const sender = row.lastMessage?.senderId === target ? row.lastMessage.sender : undefined;
    c.userProfile = toTimProfile(sources.profiles?.get(target) ?? { userId: target, nickname: sender?.nickname ?? '', avatar: sender?.avatar ?? '' });
  } else if (type === TYPES.CONV_GROUP) {
    c.groupProfile = sources.group(target, room);
  }
  const avChatRoom = room || c.subType === TYPES.GRP_AVCHATROOM;
  c.unreadCount = avChatRoom ? 0 : Math.max(0, row.unreadCount);
  c.groupAtInfoList = type === TYPES.CONV_GROUP ? atInfoList(row, target) : [];
  c.lastMessage = lastMessageOf(row, sources);
  return c;
}

function atInfoList(row: Conversation, groupID: string): TimGroupAtInfo[] {
  return (row.atInfo ?? [])
    .filter((at) => Number(at.seq ?? 0) > row.readSeq && (at.kind ?? 0) > 0)
    .map((at) => ({ from: at.fromId ?? '', groupID, topicID: '', messageSequence: Number(at.seq ?? 0), atTypeArray: [at.kind ?? 0] }));
}

function lastMessageOf(row: Conversation, sources: ConversationSources): TimLastMessage {
  const message = row.lastMessage;
  const converted = message ? sources.lastMessage(message) : undefined;
  if (!message || !converted) {
    const empty = emptyLastMessage();
    empty.lastTime = Math.floor(row.lastMessageAt / 1000);
    return empty;
  }
  const last = toLastMessage(converted);
  last.isPeerRead = last.isPeerRead || (converted.flow === 'out' && isPeerRead(message, row));
  last.onlineOnlyFlag = message.flags?.onlineOnly === true;
  return last;
}
