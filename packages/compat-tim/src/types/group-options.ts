/** Option types of the group, member, attribute, counter and topic APIs, under tim-js-sdk's names. */
/* biome-ignore-all lint/suspicious/noExplicitAny: the vendor types these fields `any`; narrowing them would reject programs that compile against it. */
import type { TYPES } from '../enums.js';
import type { Message } from '../types.js';

/** `getGroupList`. */
export interface GET_GROUP_LIST_OPTIONS {
  /** Extra `GRP_PROFILE_*` fields to fill. */
  groupProfileFilter?: TYPES[] | undefined;
}

/** `getGroupProfile`. */
export interface GET_GROUP_PROFILE_OPTIONS {
  groupID: string;
  groupCustomFieldFilter?: string[] | undefined;
  memberCustomFieldFilter?: string[] | undefined;
}

/** `createGroup`. */
export interface CREATE_GROUP_OPTIONS {
  name: string;
  /** `GRP_WORK`, `GRP_PUBLIC`, `GRP_MEETING`, `GRP_AVCHATROOM` or `GRP_COMMUNITY`. @default TYPES.GRP_WORK */
  type?: TYPES | undefined;
  groupID?: string | undefined;
  introduction?: string | undefined;
  notification?: string | undefined;
  avatar?: string | undefined;
  maxMemberNum?: number | undefined;
  /** @default TYPES.JOIN_OPTIONS_FREE_ACCESS */
  joinOption?: TYPES | undefined;
  inviteOption?: TYPES | undefined;
  /** `[{ userID, role?, memberCustomField? }]` */
  memberList?: any[] | undefined;
  /** `[{ key, value }]` */
  groupCustomField?: any[] | undefined;
}

/** `updateGroupProfile`: only the fields given change. */
export interface UPDATE_GROUP_PROFILE_OPTIONS {
  groupID: string;
  name?: string | undefined;
  avatar?: string | undefined;
  introduction?: string | undefined;
  notification?: string | undefined;
  muteAllMembers?: boolean | undefined;
  joinOption?: TYPES | undefined;
  inviteOption?: TYPES | undefined;
  maxMemberNum?: number | undefined;
  /** `[{ key, value }]` */
  groupCustomField?: any[] | undefined;
}

/** `joinGroup`. */
export interface JOIN_GROUP_OPTIONS {
  groupID: string;
  applyMessage?: string | undefined;
  /** Needed to join an AVChatRoom (also without logging in). */
  type?: TYPES | undefined;
}

/** `changeGroupOwner`. */
export interface CHANGE_GROUP_OWNER_OPTIONS {
  groupID: string;
  newOwnerID: string;
}

/** `handleGroupApplication`: the join request by its notice `message` or its `application`. */
export interface HANDLE_GROUP_APPLICATION_OPTIONS {
  /** `'Agree'` or `'Reject'`. */
  handleAction: string;
  handleMessage?: string | undefined;
  message?: Message | undefined;
  /** An entry of `getGroupApplicationList`. */
  application?: any;
}

/** `initGroupAttributes`. */
export interface INIT_GROUP_ATTRIBUTE_OPTIONS {
  groupID: string;
  /** key → string value. */
  groupAttributes: any;
}

/** `setGroupAttributes`. */
export interface SET_GROUP_ATTRIBUTE_OPTIONS {
  groupID: string;
  /** key → string value. */
  groupAttributes: any;
}

/** `deleteGroupAttributes`: an empty `keyList` deletes all. */
export interface DELETE_GROUP_ATTRIBUTE_OPTIONS {
  groupID: string;
  keyList: string[];
}

/** `getGroupAttributes`: an empty `keyList` gets all. */
export interface GET_GROUP_ATTRIBUTE_OPTIONS {
  groupID: string;
  keyList: string[];
}

/** `setGroupCounters`. */
export interface SET_GROUP_COUNTER_OPTIONS {
  groupID: string;
  /** key → number. */
  counters: any;
}

/** `increaseGroupCounter`. */
export interface INCREASE_GROUP_COUNTER_OPTIONS {
  groupID: string;
  key: string;
  value: number;
}

/** `decreaseGroupCounter`. */
export interface DECREASE_GROUP_COUNTER_OPTIONS {
  groupID: string;
  key: string;
  value: number;
}

/** `getGroupCounters`: no `keyList` gets all. */
export interface GET_GROUP_COUNTERS_OPTIONS {
  groupID: string;
  keyList?: string[] | undefined;
}

/** `getGroupMemberList`. */
export interface GET_GROUP_MEMBER_LIST_OPTIONS {
  groupID: string;
  /** @default 15 (at most 100) */
  count?: number | undefined;
  /** @default 0 */
  offset?: number | undefined;
  /** AVChatRoom: only members with this mark. */
  filter?: number | undefined;
}

/** `getGroupMemberProfile`. */
export interface GET_GROUP_MEMBER_PROFILE_OPTIONS {
  groupID: string;
  /** At most 50. */
  userIDList: string[];
  memberCustomFieldFilter?: string[] | undefined;
}

/** `addGroupMember`. */
export interface ADD_GROUP_MEMBER_OPTIONS {
  groupID: string;
  /** At most 500. */
  userIDList: string[];
}

/** `deleteGroupMember`. */
export interface DELETE_GROUP_MEMBER_OPTIONS {
  groupID: string;
  userIDList: string[];
  reason?: string | undefined;
  /** AVChatRoom: the ban, in seconds (required there). */
  duration?: number | undefined;
}

/** `setGroupMemberMuteTime`. */
export interface SET_GROUP_MEMBER_MUTE_TIME_OPTIONS {
  groupID: string;
  userID: string;
  /** Seconds from now; 0 unmutes. */
  muteTime: number;
}

/** `setGroupMemberRole`. */
export interface SET_GROUP_MEMBER_ROLE_OPTIONS {
  groupID: string;
  userID: string;
  /** `GRP_MBR_ROLE_ADMIN` or `GRP_MBR_ROLE_MEMBER`. */
  role: TYPES;
}

/** `setGroupMemberNameCard`. */
export interface SET_GROUP_MEMBER_NAME_CARD_OPTIONS {
  groupID: string;
  nameCard: string;
  /** @default the logged-in user */
  userID?: string | undefined;
}

/** `setGroupMemberCustomField`. */
export interface SET_GROUP_MEMBER_CUSTOM_FIELD_OPTIONS {
  groupID: string;
  /** `[{ key, value? }]` */
  memberCustomField: any[];
  /** @default the logged-in user */
  userID?: string | undefined;
}

/** `markGroupMemberList` (AVChatRoom). */
export interface MARK_GROUP_MEMBER_LIST_OPTIONS {
  groupID: string;
  /** At most 500. */
  userIDList: string[];
  /** At least 1000. */
  markType: number;
  enableMark: boolean;
}

/** `createTopicInCommunity`. */
export interface CREATE_TOPIC_IN_COMMUNICATION_OPTIONS {
  groupID: string;
  topicName: string;
  topicID?: string | undefined;
  avatar?: string | undefined;
  notification?: string | undefined;
  introduction?: string | undefined;
  customData?: string | undefined;
}

/** `deleteTopicFromCommunity`: no `topicIDList` deletes every topic. */
export interface DELETE_TOPIC_FROM_COMMUNICATION_OPTIONS {
  groupID: string;
  topicIDList?: string[] | undefined;
}

/** `updateTopicProfile`. */
export interface UPDATE_TOPIC_PROFILE_OPTIONS {
  groupID: string;
  topicID: string;
  topicName?: string | undefined;
  avatar?: string | undefined;
  notification?: string | undefined;
  introduction?: string | undefined;
  customData?: string | undefined;
  muteAllMembers?: boolean | undefined;
}

/** `getTopicList`: no `topicIDList` lists every topic. */
export interface GET_TOPIC_LIST_OPTIONS {
  groupID: string;
  topicIDList?: string[] | undefined;
}
