/**
 * Option types of the session, message, conversation, profile and friend APIs, under
 * tim-js-sdk's names. Required fields are the vendor's; optional ones also accept `undefined`.
 */
/* biome-ignore-all lint/suspicious/noExplicitAny: the vendor types these fields `any`; narrowing them would reject programs that compile against it. */
/* biome-ignore-all lint/complexity/noBannedTypes: `onProgress` also takes a value typed `Function`, as the vendor's declaration does. */
import type { TYPES } from '../enums.js';
import type { Message } from '../types.js';

/** `login`. */
export interface LOGIN_OPTIONS {
  userID: string;
  /** Signed with the app's secret key (tls-sig-api-v2); the server verifies it. */
  userSig: string;
}

/** The options of every `create*Message`. */
export interface MESSAGE_OPTIONS {
  /** The receiving userID or groupID. */
  to: string;
  /** `CONV_C2C` or `CONV_GROUP`. */
  conversationType: TYPES;
  /** Group messages: `MSG_PRIORITY_*`. @default TYPES.MSG_PRIORITY_NORMAL */
  priority?: TYPES | undefined;
  /** Depends on the creator: `{ text }`, `{ file }`, `{ data, description, extension }`, … */
  payload: any;
  cloudCustomData?: string | undefined;
  needReadReceipt?: boolean | undefined;
  /** Group messages: deliver only to these members. */
  receiverList?: string[] | undefined;
  /** Allows `setMessageExtensions` on the sent message. */
  isSupportExtension?: boolean | undefined;
  /** Upload progress of media messages, from 0 to 1. */
  onProgress?: ((percent: number) => void) | Function | undefined;
}

/** Offline push fields of `sendMessage` (accepted; push delivery is the server's business). */
export interface OFFLINE_PUSH_INFO_PARAMS {
  disablePush?: boolean | undefined;
  disableVoipPush?: boolean | undefined;
  title?: string | undefined;
  description?: string | undefined;
  extension?: string | undefined;
  ignoreIOSBadge?: boolean | undefined;
  androidOPPOChannelID?: string | undefined;
}

/** `sendMessage`'s second argument (typed `any` by the vendor, hence the open index). */
export interface SEND_MESSAGE_OPTIONS {
  /** Deliver only to online receivers, keep no history or unread count. */
  onlineUserOnly?: boolean | undefined;
  offlinePushInfo?: OFFLINE_PUSH_INFO_PARAMS | undefined;
  messageControlInfo?:
    | {
        excludedFromUnreadCount?: boolean | undefined;
        excludedFromLastMessage?: boolean | undefined;
        excludedFromContentModeration?: boolean | undefined;
      }
    | undefined;
  [key: string]: any;
}

/** `translateText` (refused: 2117). */
export interface TRANSLATE_TEXT_OPTIONS {
  sourceTextList: string[];
  sourceLanguage: string;
  targetLanguage: string;
}

/** `getMessageList`: pages from the newest message back. */
export interface GET_MESSAGE_LIST_OPTIONS {
  conversationID: string;
  /** The `nextReqMessageID` of the previous page; omit for the first page. */
  nextReqMessageID?: string | undefined;
  /** @default 15 (also the maximum) */
  count?: number | undefined;
}

/** `getMessageListHopping`: a page around a position. */
export interface GET_MESSAGE_LIST_HOPPING_OPTIONS {
  conversationID: string;
  /** Group conversations: the starting sequence. */
  sequence?: number | undefined;
  /** C2C conversations: the starting time (seconds). */
  time?: number | undefined;
  /** 0 older, 1 newer. @default 0 */
  direction?: number | undefined;
  /** @default 15 (also the maximum) */
  count?: number | undefined;
}

/** `setMessageRead`. */
export interface SET_MESSAGE_READ_OPTIONS {
  conversationID: string;
}

/** `getGroupMessageReadMemberList`. */
export interface GET_GROUP_MESSAGE_READ_MEMBER_LIST_OPTIONS {
  message: Message;
  /** '' for the first page, then the returned cursor. */
  cursor: string;
  /** 0 members who read it, 1 members who did not. */
  filter: number;
  /** At most 100. */
  count: number;
}

// ——— Options: conversations ———

/** `deleteConversation`'s object form. */
export interface DELETE_CONVERSATION_OPTIONS {
  conversationIDList: string[];
  /** @default true */
  clearHistoryMessage?: boolean | undefined;
}

/** `pinConversation`. */
export interface PIN_CONVERSATION_OPTIONS {
  conversationID: string;
  isPinned: boolean;
}

/** `setAllMessageRead`. */
export interface SET_ALL_MESSAGE_READ_OPTIONS {
  /** `READ_ALL_C2C_MSG`, `READ_ALL_GROUP_MSG` or `READ_ALL_MSG`. @default TYPES.READ_ALL_MSG */
  scope?: TYPES | undefined;
}

/** `setMessageRemindType`: a group (or topic) by `groupID`, or C2C peers by `userIDList`. */
export interface SET_MESSAGE_REMIND_TYPE_OPTIONS {
  groupID?: string | undefined;
  /** At most 30. */
  userIDList?: string[] | undefined;
  /** `MSG_REMIND_ACPT_AND_NOTE`, `MSG_REMIND_ACPT_NOT_NOTE` or `MSG_REMIND_DISCARD`. */
  messageRemindType: TYPES;
}

/** `setConversationCustomData`. */
export interface SET_CONVERSATION_CUSTOM_DATA_OPTIONS {
  conversationIDList: string[];
  /** At most 256 bytes. */
  customData: string;
}

/** `markConversation`. */
export interface MARK_CONVERSATION_OPTIONS {
  conversationIDList: string[];
  /** A `CONV_MARK_TYPE_*` bit or a custom one. */
  markType: number;
  enableMark: boolean;
}

/** `createConversationGroup`. */
export interface CREATE_CONVERSATION_GROUP_OPTIONS {
  conversationIDList: string[];
  /** 1–32 bytes. */
  groupName: string;
}

/** `renameConversationGroup`. */
export interface RENAME_CONVERSATION_GROUP_OPTIONS {
  oldName: string;
  newName: string;
}

/** `addConversationsToGroup`. */
export interface ADD_CONVERSATIONS_TO_GROUP_OPTIONS {
  conversationIDList: string[];
  groupName: string;
}

/** `deleteConversationsFromGroup`. */
export interface DELETE_CONVERSATIONS_FROM_GROUP_OPTIONS {
  conversationIDList: string[];
  groupName: string;
}

// ——— Options: profiles, blocklist, status, friends ———

/** `getUserProfile`. */
export interface GET_USER_PROFILE_OPTIONS {
  /** At most 100. */
  userIDList: string[];
}

/** `updateMyProfile`: only the fields given change. */
export interface UPDATE_MY_PROFILE_OPTIONS {
  nick?: string | undefined;
  avatar?: string | undefined;
  gender?: TYPES | undefined;
  selfSignature?: string | undefined;
  allowType?: TYPES | undefined;
  birthday?: number | undefined;
  location?: string | undefined;
  language?: number | undefined;
  messageSettings?: number | undefined;
  adminForbidType?: TYPES | undefined;
  level?: number | undefined;
  role?: number | undefined;
  /** `[{ key, value }]`; keys start with `Tag_Profile_Custom`. */
  profileCustomField?: any[] | undefined;
}

/** `addToBlacklist`. */
export interface ADD_TO_BLOCKLIST_LIST_OPTIONS {
  userIDList: string[];
}

/** `removeFromBlacklist`. */
export interface REMOVE_FROM_BLOCKLIST_LIST_OPTIONS {
  userIDList: string[];
}

/** `setSelfStatus`. */
export interface SET_SELF_STATUS_OPTIONS {
  customStatus: string;
}

/** `getUserStatus`. */
export interface GET_USER_STATUS_OPTIONS {
  userIDList: string[];
}

/** `subscribeUserStatus`. */
export interface SUBSCRIBE_USER_STATUS_OPTIONS {
  userIDList: string[];
}

/** `unsubscribeUserStatus`: no `userIDList` unsubscribes from everyone. */
export interface UNSUBSCRIBE_USER_STATUS_OPTIONS {
  userIDList?: string[] | undefined;
}

/** `addFriend`. */
export interface ADD_FRIEND_OPTIONS {
  to: string;
  /** `AddSource_Type_<keyword>`. */
  source: string;
  wording?: string | undefined;
  /** @default TYPES.SNS_ADD_TYPE_BOTH */
  type?: TYPES | undefined;
  remark?: string | undefined;
  groupName?: string | undefined;
}

/** `deleteFriend`. */
export interface DELETE_FRIEND_OPTIONS {
  userIDList: string[];
  /** @default TYPES.SNS_DELETE_TYPE_BOTH */
  type?: TYPES | undefined;
}

/** `checkFriend`. */
export interface CHECK_FRIEND_OPTIONS {
  userIDList: string[];
  /** `SNS_CHECK_TYPE_SINGLE` or `SNS_CHECK_TYPE_BOTH`. */
  type: TYPES;
}

/** `getFriendProfile`. */
export interface GET_FRIEND_PROFILE_OPTIONS {
  userIDList: string[];
}

/** `updateFriend`. */
export interface UPDATE_FRIEND_OPTIONS {
  userID: string;
  remark?: string | undefined;
  /** `[{ key, value }]`; keys start with `Tag_SNS_Custom`. */
  friendCustomField?: any[] | undefined;
}

/** `acceptFriendApplication`. */
export interface ACCEPT_FRIEND_APPLICATION_OPTIONS {
  userID: string;
  remark?: string | undefined;
  /** `SNS_APPLICATION_AGREE` or `SNS_APPLICATION_AGREE_AND_ADD`. */
  type: TYPES;
}

/** `refuseFriendApplication`. */
export interface REFUSE_FRIEND_APPLICATION_OPTIONS {
  userID: string;
}

/** `deleteFriendApplication`. */
export interface DELETE_FRIEND_APPLICATION_OPTIONS {
  userID: string;
  /** `SNS_APPLICATION_SENT_TO_ME` or `SNS_APPLICATION_SENT_BY_ME`. */
  type: TYPES;
}

/** `createFriendGroup`. */
export interface CREATE_FRIEND_GROUP_OPTIONS {
  name: string;
  userIDList: string[];
}

/** `deleteFriendGroup`. */
export interface DELETE_FRIEND_GROUP_OPTIONS {
  name: string;
}

/** `addToFriendGroup`. */
export interface ADD_TO_FRIEND_GROUP_OPTIONS {
  name: string;
  userIDList: string[];
}

/** `removeFromFriendGroup`. */
export interface REMOVE_FROM_FRIEND_GROUP_OPTIONS {
  name: string;
  userIDList: string[];
}

/** `renameFriendGroup`. */
export interface RENAME_FRIEND_GROUP_OPTIONS {
  oldName: string;
  newName: string;
}

