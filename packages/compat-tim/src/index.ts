/**
 * `@parley/compat-tim`: a drop-in replacement for tim-js-sdk 2.27.6 against a Parley server.
 *
 * @example
 * import TIM from 'tim-js-sdk'; // "tim-js-sdk": "npm:@parley/compat-tim"
 * const tim = TIM.create({ SDKAppID: 1400000000 });
 * tim.on(TIM.EVENT.SDK_READY, () => tim.sendMessage(tim.createTextMessage({ to: 'bob', conversationType: TIM.TYPES.CONV_C2C, payload: { text: 'hi' } })));
 * await tim.login({ userID: 'alice', userSig });
 */
import type { CreateOptions } from './core.js';
import type { EVENT as EventEnum, TYPES as TypesEnum } from './enums.js';
import type { ChatSDK } from './sdk.js';
import { TIM as runtime } from './tim.js';

/** The default export: `TIM.create`, `TIM.EVENT`, `TIM.TYPES`, `TIM.VERSION`. */
const TIM = runtime;

// The namespace gives `TIM.EVENT` and `TIM.TYPES` their type meanings, as tim-js-sdk's
// declarations do: `let t: TIM.TYPES` and member types such as `TIM.TYPES.GRP_PUBLIC`. It must
// stay type-only (an `import X = Enum` alias would give it a value that clashes with the const),
// hence one alias per member.
declare namespace TIM {
  type create = (options: CreateOptions) => ChatSDK;
  type EVENT = EventEnum;
  namespace EVENT {
    type SDK_READY = EventEnum.SDK_READY;
    type SDK_NOT_READY = EventEnum.SDK_NOT_READY;
    type SDK_DESTROY = EventEnum.SDK_DESTROY;
    type MESSAGE_RECEIVED = EventEnum.MESSAGE_RECEIVED;
    type MESSAGE_MODIFIED = EventEnum.MESSAGE_MODIFIED;
    type MESSAGE_REVOKED = EventEnum.MESSAGE_REVOKED;
    type MESSAGE_READ_BY_PEER = EventEnum.MESSAGE_READ_BY_PEER;
    type MESSAGE_READ_RECEIPT_RECEIVED = EventEnum.MESSAGE_READ_RECEIPT_RECEIVED;
    type MESSAGE_EXTENSIONS_UPDATED = EventEnum.MESSAGE_EXTENSIONS_UPDATED;
    type MESSAGE_EXTENSIONS_DELETED = EventEnum.MESSAGE_EXTENSIONS_DELETED;
    type CONVERSATION_LIST_UPDATED = EventEnum.CONVERSATION_LIST_UPDATED;
    type TOTAL_UNREAD_MESSAGE_COUNT_UPDATED = EventEnum.TOTAL_UNREAD_MESSAGE_COUNT_UPDATED;
    type CONVERSATION_GROUP_LIST_UPDATED = EventEnum.CONVERSATION_GROUP_LIST_UPDATED;
    type CONVERSATION_IN_GROUP_UPDATED = EventEnum.CONVERSATION_IN_GROUP_UPDATED;
    type GROUP_LIST_UPDATED = EventEnum.GROUP_LIST_UPDATED;
    type GROUP_SYSTEM_NOTICE_RECEIVED = EventEnum.GROUP_SYSTEM_NOTICE_RECEIVED;
    type GROUP_ATTRIBUTES_UPDATED = EventEnum.GROUP_ATTRIBUTES_UPDATED;
    type GROUP_COUNTER_UPDATED = EventEnum.GROUP_COUNTER_UPDATED;
    type TOPIC_CREATED = EventEnum.TOPIC_CREATED;
    type TOPIC_DELETED = EventEnum.TOPIC_DELETED;
    type TOPIC_UPDATED = EventEnum.TOPIC_UPDATED;
    type PROFILE_UPDATED = EventEnum.PROFILE_UPDATED;
    type USER_STATUS_UPDATED = EventEnum.USER_STATUS_UPDATED;
    type BLACKLIST_UPDATED = EventEnum.BLACKLIST_UPDATED;
    type FRIEND_LIST_UPDATED = EventEnum.FRIEND_LIST_UPDATED;
    type FRIEND_GROUP_LIST_UPDATED = EventEnum.FRIEND_GROUP_LIST_UPDATED;
    type FRIEND_APPLICATION_LIST_UPDATED = EventEnum.FRIEND_APPLICATION_LIST_UPDATED;
    type KICKED_OUT = EventEnum.KICKED_OUT;
    type ERROR = EventEnum.ERROR;
    type NET_STATE_CHANGE = EventEnum.NET_STATE_CHANGE;
    type SDK_RELOAD = EventEnum.SDK_RELOAD;
  }
  type TYPES = TypesEnum;
  namespace TYPES {
    type MSG_TEXT = TypesEnum.MSG_TEXT;
    type MSG_IMAGE = TypesEnum.MSG_IMAGE;
    type MSG_SOUND = TypesEnum.MSG_SOUND;
    type MSG_AUDIO = TypesEnum.MSG_AUDIO;
    type MSG_FILE = TypesEnum.MSG_FILE;
    type MSG_FACE = TypesEnum.MSG_FACE;
    type MSG_VIDEO = TypesEnum.MSG_VIDEO;
    type MSG_GEO = TypesEnum.MSG_GEO;
    type MSG_LOCATION = TypesEnum.MSG_LOCATION;
    type MSG_GRP_TIP = TypesEnum.MSG_GRP_TIP;
    type MSG_GRP_SYS_NOTICE = TypesEnum.MSG_GRP_SYS_NOTICE;
    type MSG_CUSTOM = TypesEnum.MSG_CUSTOM;
    type MSG_MERGER = TypesEnum.MSG_MERGER;
    type MSG_PRIORITY_HIGH = TypesEnum.MSG_PRIORITY_HIGH;
    type MSG_PRIORITY_NORMAL = TypesEnum.MSG_PRIORITY_NORMAL;
    type MSG_PRIORITY_LOW = TypesEnum.MSG_PRIORITY_LOW;
    type MSG_PRIORITY_LOWEST = TypesEnum.MSG_PRIORITY_LOWEST;
    type CONV_C2C = TypesEnum.CONV_C2C;
    type CONV_GROUP = TypesEnum.CONV_GROUP;
    type CONV_TOPIC = TypesEnum.CONV_TOPIC;
    type CONV_SYSTEM = TypesEnum.CONV_SYSTEM;
    type CONV_AT_ME = TypesEnum.CONV_AT_ME;
    type CONV_AT_ALL = TypesEnum.CONV_AT_ALL;
    type CONV_AT_ALL_AT_ME = TypesEnum.CONV_AT_ALL_AT_ME;
    type CONV_MARK_TYPE_STAR = TypesEnum.CONV_MARK_TYPE_STAR;
    type CONV_MARK_TYPE_UNREAD = TypesEnum.CONV_MARK_TYPE_UNREAD;
    type CONV_MARK_TYPE_FOLD = TypesEnum.CONV_MARK_TYPE_FOLD;
    type CONV_MARK_TYPE_HIDE = TypesEnum.CONV_MARK_TYPE_HIDE;
    type GRP_PRIVATE = TypesEnum.GRP_PRIVATE;
    type GRP_WORK = TypesEnum.GRP_WORK;
    type GRP_PUBLIC = TypesEnum.GRP_PUBLIC;
    type GRP_CHATROOM = TypesEnum.GRP_CHATROOM;
    type GRP_MEETING = TypesEnum.GRP_MEETING;
    type GRP_AVCHATROOM = TypesEnum.GRP_AVCHATROOM;
    type GRP_COMMUNITY = TypesEnum.GRP_COMMUNITY;
    type GRP_MBR_ROLE_OWNER = TypesEnum.GRP_MBR_ROLE_OWNER;
    type GRP_MBR_ROLE_ADMIN = TypesEnum.GRP_MBR_ROLE_ADMIN;
    type GRP_MBR_ROLE_MEMBER = TypesEnum.GRP_MBR_ROLE_MEMBER;
    type GRP_MBR_ROLE_CUSTOM = TypesEnum.GRP_MBR_ROLE_CUSTOM;
    type GRP_TIP_MBR_JOIN = TypesEnum.GRP_TIP_MBR_JOIN;
    type GRP_TIP_MBR_QUIT = TypesEnum.GRP_TIP_MBR_QUIT;
    type GRP_TIP_MBR_KICKED_OUT = TypesEnum.GRP_TIP_MBR_KICKED_OUT;
    type GRP_TIP_MBR_SET_ADMIN = TypesEnum.GRP_TIP_MBR_SET_ADMIN;
    type GRP_TIP_MBR_CANCELED_ADMIN = TypesEnum.GRP_TIP_MBR_CANCELED_ADMIN;
    type GRP_TIP_GRP_PROFILE_UPDATED = TypesEnum.GRP_TIP_GRP_PROFILE_UPDATED;
    type GRP_TIP_MBR_PROFILE_UPDATED = TypesEnum.GRP_TIP_MBR_PROFILE_UPDATED;
    type GRP_TIP_BAN_AVCHATROOM_MEMBER = TypesEnum.GRP_TIP_BAN_AVCHATROOM_MEMBER;
    type GRP_TIP_UNBAN_AVCHATROOM_MEMBER = TypesEnum.GRP_TIP_UNBAN_AVCHATROOM_MEMBER;
    type MSG_REMIND_ACPT_AND_NOTE = TypesEnum.MSG_REMIND_ACPT_AND_NOTE;
    type MSG_REMIND_ACPT_NOT_NOTE = TypesEnum.MSG_REMIND_ACPT_NOT_NOTE;
    type MSG_REMIND_DISCARD = TypesEnum.MSG_REMIND_DISCARD;
    type GENDER_UNKNOWN = TypesEnum.GENDER_UNKNOWN;
    type GENDER_FEMALE = TypesEnum.GENDER_FEMALE;
    type GENDER_MALE = TypesEnum.GENDER_MALE;
    type KICKED_OUT_MULT_ACCOUNT = TypesEnum.KICKED_OUT_MULT_ACCOUNT;
    type KICKED_OUT_MULT_DEVICE = TypesEnum.KICKED_OUT_MULT_DEVICE;
    type KICKED_OUT_USERSIG_EXPIRED = TypesEnum.KICKED_OUT_USERSIG_EXPIRED;
    type KICKED_OUT_REST_API = TypesEnum.KICKED_OUT_REST_API;
    type ALLOW_TYPE_ALLOW_ANY = TypesEnum.ALLOW_TYPE_ALLOW_ANY;
    type ALLOW_TYPE_NEED_CONFIRM = TypesEnum.ALLOW_TYPE_NEED_CONFIRM;
    type ALLOW_TYPE_DENY_ANY = TypesEnum.ALLOW_TYPE_DENY_ANY;
    type FORBID_TYPE_NONE = TypesEnum.FORBID_TYPE_NONE;
    type FORBID_TYPE_SEND_OUT = TypesEnum.FORBID_TYPE_SEND_OUT;
    type JOIN_OPTIONS_FREE_ACCESS = TypesEnum.JOIN_OPTIONS_FREE_ACCESS;
    type JOIN_OPTIONS_NEED_PERMISSION = TypesEnum.JOIN_OPTIONS_NEED_PERMISSION;
    type JOIN_OPTIONS_DISABLE_APPLY = TypesEnum.JOIN_OPTIONS_DISABLE_APPLY;
    type JOIN_STATUS_SUCCESS = TypesEnum.JOIN_STATUS_SUCCESS;
    type JOIN_STATUS_ALREADY_IN_GROUP = TypesEnum.JOIN_STATUS_ALREADY_IN_GROUP;
    type JOIN_STATUS_WAIT_APPROVAL = TypesEnum.JOIN_STATUS_WAIT_APPROVAL;
    type INVITE_OPTIONS_DISABLE_INVITE = TypesEnum.INVITE_OPTIONS_DISABLE_INVITE;
    type INVITE_OPTIONS_NEED_PERMISSION = TypesEnum.INVITE_OPTIONS_NEED_PERMISSION;
    type INVITE_OPTIONS_FREE_ACCESS = TypesEnum.INVITE_OPTIONS_FREE_ACCESS;
    type GRP_PROFILE_OWNER_ID = TypesEnum.GRP_PROFILE_OWNER_ID;
    type GRP_PROFILE_CREATE_TIME = TypesEnum.GRP_PROFILE_CREATE_TIME;
    type GRP_PROFILE_LAST_INFO_TIME = TypesEnum.GRP_PROFILE_LAST_INFO_TIME;
    type GRP_PROFILE_MEMBER_NUM = TypesEnum.GRP_PROFILE_MEMBER_NUM;
    type GRP_PROFILE_MAX_MEMBER_NUM = TypesEnum.GRP_PROFILE_MAX_MEMBER_NUM;
    type GRP_PROFILE_JOIN_OPTION = TypesEnum.GRP_PROFILE_JOIN_OPTION;
    type GRP_PROFILE_INVITE_OPTION = TypesEnum.GRP_PROFILE_INVITE_OPTION;
    type GRP_PROFILE_INTRODUCTION = TypesEnum.GRP_PROFILE_INTRODUCTION;
    type GRP_PROFILE_NOTIFICATION = TypesEnum.GRP_PROFILE_NOTIFICATION;
    type GRP_PROFILE_MUTE_ALL_MBRS = TypesEnum.GRP_PROFILE_MUTE_ALL_MBRS;
    type SNS_ADD_TYPE_SINGLE = TypesEnum.SNS_ADD_TYPE_SINGLE;
    type SNS_ADD_TYPE_BOTH = TypesEnum.SNS_ADD_TYPE_BOTH;
    type SNS_DELETE_TYPE_SINGLE = TypesEnum.SNS_DELETE_TYPE_SINGLE;
    type SNS_DELETE_TYPE_BOTH = TypesEnum.SNS_DELETE_TYPE_BOTH;
    type SNS_APPLICATION_TYPE_BOTH = TypesEnum.SNS_APPLICATION_TYPE_BOTH;
    type SNS_APPLICATION_SENT_TO_ME = TypesEnum.SNS_APPLICATION_SENT_TO_ME;
    type SNS_APPLICATION_SENT_BY_ME = TypesEnum.SNS_APPLICATION_SENT_BY_ME;
    type SNS_APPLICATION_AGREE = TypesEnum.SNS_APPLICATION_AGREE;
    type SNS_APPLICATION_AGREE_AND_ADD = TypesEnum.SNS_APPLICATION_AGREE_AND_ADD;
    type SNS_CHECK_TYPE_BOTH = TypesEnum.SNS_CHECK_TYPE_BOTH;
    type SNS_CHECK_TYPE_SINGLE = TypesEnum.SNS_CHECK_TYPE_SINGLE;
    type SNS_TYPE_NO_RELATION = TypesEnum.SNS_TYPE_NO_RELATION;
    type SNS_TYPE_A_WITH_B = TypesEnum.SNS_TYPE_A_WITH_B;
    type SNS_TYPE_B_WITH_A = TypesEnum.SNS_TYPE_B_WITH_A;
    type SNS_TYPE_BOTH_WAY = TypesEnum.SNS_TYPE_BOTH_WAY;
    type NET_STATE_CONNECTED = TypesEnum.NET_STATE_CONNECTED;
    type NET_STATE_CONNECTING = TypesEnum.NET_STATE_CONNECTING;
    type NET_STATE_DISCONNECTED = TypesEnum.NET_STATE_DISCONNECTED;
    type MSG_AT_ALL = TypesEnum.MSG_AT_ALL;
    type READ_ALL_C2C_MSG = TypesEnum.READ_ALL_C2C_MSG;
    type READ_ALL_GROUP_MSG = TypesEnum.READ_ALL_GROUP_MSG;
    type READ_ALL_MSG = TypesEnum.READ_ALL_MSG;
    type USER_STATUS_UNKNOWN = TypesEnum.USER_STATUS_UNKNOWN;
    type USER_STATUS_ONLINE = TypesEnum.USER_STATUS_ONLINE;
    type USER_STATUS_OFFLINE = TypesEnum.USER_STATUS_OFFLINE;
    type USER_STATUS_UNLOGINED = TypesEnum.USER_STATUS_UNLOGINED;
  }
}

export default TIM;
export { preload } from './areas/lazy-areas.js';
export type { CreateOptions } from './core.js';
export { TimCode, TimError } from './errors.js';
export { ChatSDK, type EventHandler } from './sdk.js';
export { configure } from './tim.js';
export type * from './types.js';
