// Generated from @openim/wasm-client-sdk 3.8.5 (values from its runtime, member order from its
// lib/types/enum.d.ts); test/vendor-constants.test.ts keeps them equal. Regenerate rather than edit.

export { CbEvents } from '../constants.js';

/** `MessageReceiveOptType` of @openim/wasm-client-sdk. */
export enum MessageReceiveOptType {
  Normal = 0,
  NotReceive = 1,
  NotNotify = 2,
}

/** `AddFriendPermission` of @openim/wasm-client-sdk. */
export enum AddFriendPermission {
  AddFriendAllowed = 0,
  AddFriendAllowedNoReview = 1,
  AddFriendDenied = 2,
}

/** `AllowType` of @openim/wasm-client-sdk. */
export enum AllowType {
  Allowed = 0,
  NotAllowed = 1,
}

/** `GroupType` of @openim/wasm-client-sdk. */
export enum GroupType {
  Group = 2,
  WorkingGroup = 2,
}

/** `GroupJoinSource` of @openim/wasm-client-sdk. */
export enum GroupJoinSource {
  Invitation = 2,
  Search = 3,
  QrCode = 4,
}

/** `GroupMemberRole` of @openim/wasm-client-sdk. */
export enum GroupMemberRole {
  Normal = 20,
  Admin = 60,
  Owner = 100,
}

/** `GroupVerificationType` of @openim/wasm-client-sdk. */
export enum GroupVerificationType {
  ApplyNeedInviteNot = 0,
  AllNeed = 1,
  AllNot = 2,
}

/** `MessageStatus` of @openim/wasm-client-sdk. */
export enum MessageStatus {
  Sending = 1,
  Succeed = 2,
  Failed = 3,
}

/** `Platform` of @openim/wasm-client-sdk. */
export enum Platform {
  iOS = 1,
  Android = 2,
  Windows = 3,
  MacOSX = 4,
  Web = 5,
  Linux = 7,
  AndroidPad = 8,
  iPad = 9,
  Harmony = 11,
}

/** `LogLevel` of @openim/wasm-client-sdk. */
export enum LogLevel {
  Verbose = 6,
  Debug = 5,
  Info = 4,
  Warn = 3,
  Error = 2,
  Fatal = 1,
  Panic = 0,
}

/** `ApplicationHandleResult` of @openim/wasm-client-sdk. */
export enum ApplicationHandleResult {
  Unprocessed = 0,
  Agree = 1,
  Reject = -1,
}

/** `MessageType` of @openim/wasm-client-sdk. */
export enum MessageType {
  TextMessage = 101,
  PictureMessage = 102,
  VoiceMessage = 103,
  VideoMessage = 104,
  FileMessage = 105,
  AtTextMessage = 106,
  MergeMessage = 107,
  CardMessage = 108,
  LocationMessage = 109,
  CustomMessage = 110,
  TypingMessage = 113,
  QuoteMessage = 114,
  FaceMessage = 115,
  MarkdownMessage = 118,
  StreamMessage = 143,
  FriendAdded = 1201,
  OANotification = 1400,
  GroupCreated = 1501,
  GroupInfoUpdated = 1502,
  MemberQuit = 1504,
  GroupOwnerTransferred = 1507,
  MemberKicked = 1508,
  MemberInvited = 1509,
  MemberEnter = 1510,
  GroupDismissed = 1511,
  GroupMemberMuted = 1512,
  GroupMemberCancelMuted = 1513,
  GroupMuted = 1514,
  GroupCancelMuted = 1515,
  GroupAnnouncementUpdated = 1519,
  GroupNameUpdated = 1520,
  BurnMessageChange = 1701,
  RevokeMessage = 2101,
  MsgPinned = 2400,
}

/** `SessionType` of @openim/wasm-client-sdk. */
export enum SessionType {
  Single = 1,
  Group = 3,
  WorkingGroup = 3,
  Notification = 4,
}

/** `GroupStatus` of @openim/wasm-client-sdk. */
export enum GroupStatus {
  Normal = 0,
  Banned = 1,
  Dismissed = 2,
  Muted = 3,
}

/** `GroupAtType` of @openim/wasm-client-sdk. */
export enum GroupAtType {
  AtNormal = 0,
  AtMe = 1,
  AtAll = 2,
  AtAllAtMe = 3,
  AtGroupNotice = 4,
}

/** `GroupMemberFilter` of @openim/wasm-client-sdk. */
export enum GroupMemberFilter {
  All = 0,
  Owner = 1,
  Admin = 2,
  Normal = 3,
  AdminAndNormal = 4,
  AdminAndOwner = 5,
}

/** `Relationship` of @openim/wasm-client-sdk. */
export enum Relationship {
  isBlack = 0,
  isFriend = 1,
}

/** `LoginStatus` of @openim/wasm-client-sdk. */
export enum LoginStatus {
  Logout = 1,
  Logging = 2,
  Logged = 3,
}

/** `OnlineState` of @openim/wasm-client-sdk. */
export enum OnlineState {
  Online = 1,
  Offline = 0,
}

/** `GroupMessageReaderFilter` of @openim/wasm-client-sdk. */
export enum GroupMessageReaderFilter {
  Read = 0,
  UnRead = 1,
}

/** `ViewType` of @openim/wasm-client-sdk. */
export enum ViewType {
  History = 0,
  Search = 1,
}

/** `ConversationGroupType` of @openim/wasm-client-sdk. */
export enum ConversationGroupType {
  ConversationGroupTypeNormal = 0,
  ConversationGroupTypeFilter = 1,
  ConversationGroupTypeAll = 2,
}
