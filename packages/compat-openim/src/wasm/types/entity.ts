/**
 * The entity types of @openim/wasm-client-sdk 3.8 (`@openim/wasm-client-sdk/lib/types/entity`):
 * the same names and fields, so an app's imports type-check against this package.
 */
import type { CbEvents } from '../../constants.js';
import type {
  AddFriendPermission,
  AllowType,
  ApplicationHandleResult,
  ConversationGroupType,
  GroupAtType,
  GroupJoinSource,
  GroupMemberRole,
  GroupStatus,
  GroupType,
  GroupVerificationType,
  LogLevel,
  MessageReceiveOptType,
  OnlineState,
  Platform,
  Relationship,
  SessionType,
} from '../enums.js';
import type { MessageItem } from './message.js';

export type * from './message.js';

/** A callback event as listeners receive it. */
export type WSEvent<T = unknown> = { event: CbEvents; data: T; errCode: number; errMsg: string; operationID: string };
/** What every method resolves or rejects with; `data` is an object (or a scalar). */
export type WsResponse<T = string> = { event: string; errCode: number; errMsg: string; data: T; operationID: string };
/** The native SDK's configuration. */
export type IMConfig = {
  platformID: Platform;
  apiAddr: string;
  wsAddr: string;
  dataDir: string;
  logLevel: LogLevel;
  isLogStandardOutput: boolean;
  logFilePath: string;
  isExternalExtensions: boolean;
};

export type GroupApplicationItem = {
  createTime: number;
  creatorUserID: string;
  ex: string;
  groupFaceURL: string;
  groupID: string;
  groupName: string;
  groupType: GroupType;
  handleResult: ApplicationHandleResult;
  handleUserID: string;
  handledMsg: string;
  handledTime: number;
  introduction: string;
  memberCount: number;
  nickname: string;
  notification: string;
  ownerUserID: string;
  reqMsg: string;
  reqTime: number;
  joinSource: GroupJoinSource;
  status: GroupStatus;
  userFaceURL: string;
  userID: string;
};
export type FriendApplicationItem = {
  createTime: number;
  ex: string;
  fromFaceURL: string;
  fromNickname: string;
  fromUserID: string;
  handleMsg: string;
  handleResult: ApplicationHandleResult;
  handleTime: number;
  handlerUserID: string;
  reqMsg: string;
  toFaceURL: string;
  toNickname: string;
  toUserID: string;
};
export type PublicUserItem = { nickname: string; userID: string; faceURL: string; ex: string };
export type SelfUserInfo = {
  createTime: number;
  ex: string;
  faceURL: string;
  nickname: string;
  userID: string;
  globalRecvMsgOpt: MessageReceiveOptType;
  addFriendPermission: AddFriendPermission;
};
export type PartialUserInfo = { userID: string } & Partial<Omit<SelfUserInfo, 'userID'>>;
export type FriendUserItem = {
  addSource: number;
  createTime: number;
  ex: string;
  faceURL: string;
  userID: string;
  nickname: string;
  operatorUserID: string;
  ownerUserID: string;
  remark: string;
  isPinned: boolean;
  attachedInfo: string;
};
export type SearchedFriendsInfo = FriendUserItem & { relationship: Relationship };
/** A `checkFriend` answer: `result` 1 when a friend. */
export type FriendshipInfo = { result: number; userID: string };
export type BlackUserItem = {
  addSource: number;
  userID: string;
  createTime: number;
  ex: string;
  faceURL: string;
  nickname: string;
  operatorUserID: string;
  ownerUserID: string;
};
export type GroupItem = {
  groupID: string;
  groupName: string;
  notification: string;
  notificationUserID: string;
  notificationUpdateTime: number;
  introduction: string;
  faceURL: string;
  ownerUserID: string;
  createTime: number;
  memberCount: number;
  status: GroupStatus;
  creatorUserID: string;
  groupType: GroupType;
  needVerification: GroupVerificationType;
  ex: string;
  applyMemberFriend: AllowType;
  lookMemberInfo: AllowType;
  displayIsRead: boolean;
};
/** A group member; `roleLevel` 20 member, 60 admin, 100 owner. */
export type GroupMemberItem = {
  groupID: string;
  userID: string;
  nickname: string;
  faceURL: string;
  roleLevel: GroupMemberRole;
  muteEndTime: number;
  joinTime: number;
  joinSource: GroupJoinSource;
  inviterUserID: string;
  operatorUserID: string;
  ex: string;
};
/** A conversation: IDs `si_<a>_<b>` / `sg_<groupID>`; `latestMsg` is JSON text of a MessageItem. */
export type ConversationItem = {
  conversationID: string;
  conversationType: SessionType;
  userID: string;
  groupID: string;
  showName: string;
  faceURL: string;
  recvMsgOpt: MessageReceiveOptType;
  unreadCount: number;
  groupAtType: GroupAtType;
  latestMsg: string;
  latestMsgSendTime: number;
  draftText: string;
  draftTextTime: number;
  burnDuration: number;
  msgDestructTime: number;
  isPinned: boolean;
  isNotInGroup: boolean;
  isPrivateChat: boolean;
  isMsgDestruct: boolean;
  isMarked: boolean;
  attachedInfo: string;
  ex?: string;
  remark?: string;
};
export type SearchMessageResultItem = {
  conversationID: string;
  messageCount: number;
  conversationType: SessionType;
  showName: string;
  faceURL: string;
  messageList: MessageItem[];
};
export type SearchMessageResult = { totalCount: number; searchResultItems?: SearchMessageResultItem[]; findResultItems?: SearchMessageResultItem[] };
export type RtcInvite = {
  inviterUserID: string;
  inviteeUserIDList: string[];
  customData?: string;
  groupID: string;
  roomID: string;
  timeout: number;
  mediaType: string;
  sessionType: SessionType;
  platformID: Platform;
  initiateTime?: number;
  busyLineUserIDList?: string[];
};
export type UserOnlineState = { platformIDs?: Platform[]; status: OnlineState; userID: string };
export type ConversationInputStatus = { conversationID: string; userID: string; platformIDs: Platform[] };
export type GroupMessageReadInfo = { clientMsgID: string; hasReadCount: number; unreadCount: number; readMembers: GroupMemberItem[] };
export type GroupMessageReceiptInfo = { conversationID: string; groupMessageReadInfo: GroupMessageReadInfo[] };
export type RtcInviteResults = { liveURL: string; roomID: string; token: string; busyLineUserIDList?: string[] };
export type ParticipantInfo = { userInfo: PublicUserItem; groupMemberInfo?: GroupMemberItem; groupInfo?: GroupItem };
export type CallingRoomData = { participant?: ParticipantInfo[]; invitation?: RtcInvite; roomID: string };
export type PinnedMessageDetail = { pinnedTime: number; userID: string; msg: MessageItem };
export type PinnedMessageChangeData = { conversationID: string; msgs: PinnedMessageDetail[] };
export type UploadProgressData = { fileSize: number; streamSize: number; uuid: string };
export type ConversationGroup = {
  conversationGroupID: string;
  name: string;
  serial: number;
  version: number;
  ex?: string;
  conversationGroupType: ConversationGroupType;
  hidden: boolean;
  unreadCount: number;
  conversationIDs: string[];
};
export type GetConversationGroupInfoWithConversationsResp = { group: ConversationGroup; conversationTotal: number; conversationElems: ConversationItem[] };
export type SpeechToTextCapabilities = { format: string[]; sampleRateHz: number; maxRecordTimeMs: number; maxFileSize: number; provider: string };
export type ConversationGroupMemberChangedCallbackData = { group: ConversationGroup; conversationIDs: string[]; conversations: ConversationItem[] };
