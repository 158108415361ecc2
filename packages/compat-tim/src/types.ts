/**
 * The declarations apps written against tim-js-sdk 2.27.6 compile with: the option types of every
 * `ChatSDK` method (under the vendor's names) and the shapes the SDK hands out.
 *
 * Compatibility rule: a program that type-checks against the vendor's `tim-js.d.ts` type-checks
 * against these (test/types.test.ts compiles one against both). So a field the vendor types
 * `any` stays `any` here (apps read `message.payload.text` without narrowing), optional option
 * fields also accept `undefined`, and where the vendor's declaration and its runtime disagree the
 * type admits both. Enum-typed fields use the `TYPES` enum (`TIM.TYPES` in apps).
 */
/* biome-ignore-all lint/suspicious/noExplicitAny: the vendor types these fields `any`; narrowing them would reject programs that compile against it. */
import type { TYPES } from './enums.js';

/** What every asynchronous API resolves with: `data` holds the documented result fields. */
export interface TimResponse<T = any> {
  /** Always 0 on success (failures reject with a `TimError`). */
  code: number;
  data: T;
}

// ——— Objects the SDK hands out ———

/** An element of a message: the first one is mirrored as the message's `type`/`payload`. */
export interface MessageElement {
  type: TYPES;
  content: Record<string, unknown>;
}

/**
 * A message (tim.md §4.2). Times are in seconds. The fields after `isBroadcastMessage` exist on
 * the vendor's run-time objects but not in its declarations, so they are optional here: apps that
 * build a `Message` literal against the vendor's typings still compile.
 */
export interface Message {
  /** Stable across `resendMessage`; the key of `findMessage`. */
  ID: string;
  /** The `MSG_*` type of the first element. */
  type: TYPES;
  /** The first element's content; its fields depend on `type`. */
  payload: any;
  /** `C2C<userID>`, `GROUP<groupID>` or `@TIM#SYSTEM`. */
  conversationID: string;
  conversationType: TYPES;
  /** The receiving userID (C2C) or groupID. */
  to: string;
  from: string;
  flow: 'in' | 'out' | (string & {});
  time: number;
  status: 'unSend' | 'success' | 'fail' | (string & {});
  isRevoked: boolean;
  priority: TYPES;
  nick: string;
  avatar: string;
  /** C2C: the peer has read it. */
  isPeerRead: boolean;
  nameCard: string;
  /** The @-mentioned userIDs; `TYPES.MSG_AT_ALL` mentions everyone. */
  atUserList: string[];
  cloudCustomData: string;
  isDeleted: boolean;
  isModified: boolean;
  needReadReceipt: boolean;
  /** `{ readCount, unreadCount, isPeerRead }` once filled by `getMessageReadReceiptList`. */
  readReceiptInfo: any;
  isBroadcastMessage: boolean;
  /** The group type (`Public`, `AVChatRoom`, …) of a group message. */
  conversationSubType?: string | undefined;
  /** Whoever revoked it (the sender or an admin). */
  revoker?: string | null | undefined;
  isSupportExtension?: boolean | undefined;
  /** Group: the server's sequence; C2C: equals `clientSequence`. */
  sequence?: number | undefined;
  random?: number | undefined;
  clientSequence?: number | undefined;
  clientTime?: number | undefined;
  senderTinyID?: string | undefined;
  isRead?: boolean | undefined;
  isResend?: boolean | undefined;
  isSystemMessage?: boolean | undefined;
  isPlaceMessage?: number | undefined;
  protocol?: string | undefined;
  version?: number | undefined;
  readonly elements?: MessageElement[] | undefined;
  getElements?: (() => MessageElement[]) | undefined;
}

/** An entry of a merged ("chat history") message's `payload.messageList`. */
export interface SimplifiedMessage {
  ID: string;
  nick: string;
  avatar: string;
  from: string;
  /** `[{ type, payload }]` */
  messageBody: any[];
  time: number;
  cloudCustomData: string;
}

/** A conversation (tim.md §4.3). */
export interface Conversation {
  conversationID: string;
  /** `CONV_C2C`, `CONV_GROUP` or `CONV_SYSTEM`. */
  type: TYPES;
  /** Always 0 for an AVChatRoom. */
  unreadCount: number;
  /** `{ lastTime, lastSequence, fromAccount, messageForShow, payload, type, isRevoked, … }` */
  lastMessage: any;
  /** Set for group conversations. */
  groupProfile: Group;
  /** Set for C2C conversations. */
  userProfile: Profile;
  /** `[{ from, groupID, topicID, messageSequence, atTypeArray }]` with `CONV_AT_*` types. */
  groupAtInfoList: any[];
  /** The friend remark of the peer. */
  remark: string;
  isPinned: boolean;
  messageRemindType: TYPES;
  /** Mark bits: `CONV_MARK_TYPE_STAR` 1, `UNREAD` 2, `FOLD` 4, `HIDE` 8 (the run-time values). */
  markList: number[];
  customData: string;
  conversationGroupList: string[];
  /** C2C: when the peer last read (seconds). */
  peerReadTime?: number | undefined;
}

/** A group (tim.md §4.4). */
export interface Group {
  groupID: string;
  name: string;
  avatar: string;
  /** `GRP_WORK` (`Private`), `GRP_PUBLIC`, `GRP_MEETING` (`ChatRoom`), `GRP_AVCHATROOM`, `GRP_COMMUNITY`. */
  type: TYPES;
  introduction: string;
  notification: string;
  ownerID: string;
  /** Seconds. A number at run time; the vendor's declarations say string, so both type-check. */
  createTime: any;
  infoSequence: number;
  lastInfoTime: number;
  /** `{ role, messageRemindType, joinTime, nameCard, … }` of the logged-in user. */
  selfInfo: any;
  lastMessage: any;
  nextMessageSeq: number;
  memberCount: number;
  maxMemberCount: number;
  muteAllMembers: boolean;
  joinOption: TYPES;
  inviteOption: TYPES;
  /** `[{ key, value }]` */
  groupCustomField: any[];
  isSupportTopic: boolean;
  /** Run-time alias of `memberCount`. */
  memberNum?: number | undefined;
  /** Run-time alias of `maxMemberCount`. */
  maxMemberNum?: number | undefined;
}

/** A group member (tim.md §4.5). */
export interface GroupMember {
  userID: string;
  avatar: string;
  nick: string;
  /** `Owner`, `Admin`, `Member` or `Custom`. */
  role: string;
  joinTime: number;
  nameCard: string;
  /** Muted while `muteUntil * 1000 > Date.now()`. */
  muteUntil: number;
  /** `[{ key, value }]` */
  memberCustomField: any[];
  lastSendMsgTime?: number | undefined;
}

/** A user profile (tim.md §4.6). */
export interface Profile {
  userID: string;
  nick: string;
  gender: TYPES;
  /** For example 20000101. */
  birthday: number;
  location: string;
  selfSignature: string;
  allowType: TYPES;
  language: number;
  avatar: string;
  /** Bit 0 set: messages from others are refused. */
  messageSettings: number;
  adminForbidType: TYPES;
  level: number;
  role: number;
  /** The vendor's declared name for `lastUpdatedTime`. */
  lastUpdatedNumber: number;
  /** `[{ key, value }]` with `Tag_Profile_Custom*` keys. */
  profileCustomField: any[];
  /** The vendor's run-time name for `lastUpdatedNumber`. */
  lastUpdatedTime?: number | undefined;
}

/** A friend. */
export interface Friend {
  userID: string;
  remark: string;
  /** The friend groups it is in. */
  groupList: string[];
  source: string;
  wording: string;
  profile: Profile;
  /** `[{ key, value }]` with `Tag_SNS_Custom*` keys. */
  friendCustomField: any[];
}

/** A friend request, sent or received. */
export interface FriendApplication {
  userID: string;
  avatar: string;
  nick: string;
  time: number;
  source: string;
  wording: string;
  /** `SNS_APPLICATION_SENT_TO_ME` or `SNS_APPLICATION_SENT_BY_ME`. */
  type: TYPES;
}

/** A friend group ("list"). */
export interface FriendGroup {
  name: string;
  userIDList: string[];
  count: number;
}

/** A topic of a Community group. */
export interface Topic {
  topicID: string;
  topicName: string;
  avatar: string;
  introduction: string;
  notification: string;
  unreadCount: number;
  muteAllMembers: boolean;
  customData: string;
  groupAtInfoList: any[];
  lastMessage: any;
  selfInfo: any;
}

// The option types of every method, under the vendor's names.
export type * from './types/group-options.js';
export type * from './types/options.js';
