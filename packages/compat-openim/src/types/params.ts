/**
 * The method parameter types of open-im-sdk 2.0.x (`open-im-sdk/types`; openim.md §2, §4.10),
 * under the vendor's names and spellings. Re-exported by ../types.ts.
 */
import type { OptType } from '../constants.js';
import type { MessageItem, OfflinePush } from './entities.js';

// ——— message creation ———

/** `createTextAtMessage`: the text and whom it mentions. */
export type AtMsgParams = {
  text: string;
  atUserIDList: string[];
};

/** `createImageMessage`: the three renditions of an already-uploaded picture. */
export type ImageMsgParams = {
  sourcePicture: PicBaseInfo;
  bigPicture: PicBaseInfo;
  snapshotPicture: PicBaseInfo;
};

/** One uploaded picture rendition. */
export type PicBaseInfo = {
  uuid: string;
  type: string;
  size: number;
  width: number;
  height: number;
  url: string;
};

/** `createSoundMessage`: an uploaded voice clip. */
export type SoundMsgParams = {
  uuid: string;
  soundPath: string;
  sourceUrl: string;
  dataSize: number;
  /** Seconds. */
  duration: number;
};

/** `createVideoMessage`: an uploaded video and its snapshot. */
export type VideoMsgParams = {
  videoPath: string;
  /** Seconds. */
  duration: number;
  videoType: string;
  snapshotPath: string;
  videoUUID: string;
  videoUrl: string;
  videoSize: number;
  snapshotUUID: string;
  snapshotSize: number;
  snapshotUrl: string;
  snapshotWidth: number;
  snapshotHeight: number;
};

/** `createFileMessage`: an uploaded file. */
export type FileMsgParams = {
  filePath: string;
  fileName: string;
  uuid: string;
  sourceUrl: string;
  fileSize: number;
};

/** `createFileMessageFromFullPath` (a device path; this server answers 804). */
export type FileMsgFullParams = {
  fileFullPath: string;
  fileName: string;
};

/** `createVideoMessageFromFullPath` (a device path; this server answers 804). */
export type VideoMsgFullParams = {
  videoFullPath: string;
  videoType: string;
  duration: number;
  snapshotFullPath: string;
};

/** `createSoundMessageFromFullPath` (a device path; this server answers 804). The vendor's spelling. */
export type SouondMsgFullParams = {
  soundPath: string;
  duration: number;
};

/** `createMergerMessage`: the messages to bundle, a title and the summary lines. */
export type MergerMsgParams = {
  messageList: MessageItem[];
  title: string;
  summaryList: string[];
};

/** `createFaceMessage`: a sticker by index, or custom data. */
export type FaceMessageParams = {
  index: number;
  data: string;
};

/** `createLocationMessage`. */
export type LocationMsgParams = {
  description: string;
  longitude: number;
  latitude: number;
};

/** `createCustomMessage`: the app's own payload. */
export type CustomMsgParams = {
  data: string;
  extension: string;
  description: string;
};

/** `createQuoteMessage`: the reply text and the quoted message (its `MessageItem` JSON). */
export type QuoteMsgParams = {
  text: string;
  message: string;
};

// ——— sending, history, read state ———

/** `sendMessage`: the created message (JSON) and its receiver; set one of `recvID` / `groupID`. */
export type SendMsgParams = {
  recvID: string;
  groupID: string;
  offlinePushInfo?: OfflinePush | undefined;
  message: string;
};

/** `getHistoryMessageList`: the conversation (peer or group) and the page before `startClientMsgID`. */
export type GetHistoryMsgParams = {
  userID: string;
  groupID: string;
  count: number;
  /** `""` for the newest page. */
  startClientMsgID: string;
  conversationID?: string | undefined;
};

/** `setOneConversationPrivateChat`. */
export type setPrvParams = {
  conversationID: string;
  isPrivate: boolean;
};

/** `insertSingleMessageToLocalStorage`: a message (JSON) placed in a one-to-one conversation. */
export type InsertSingleMsgParams = {
  message: string;
  recvID: string;
  sendID: string;
};

/** `insertGroupMessageToLocalStorage`: a message (JSON) placed in a group conversation. */
export type InsertGroupMsgParams = {
  message: string;
  groupID: string;
  sendID: string;
};

/** `typingStatusUpdate`. */
export type TypingUpdateParams = {
  recvID: string;
  msgTip: string;
};

/** `markC2CMessageAsRead`: the peer and the clientMsgIDs read (empty: the whole conversation). */
export type MarkC2CParams = {
  userID: string;
  msgIDList: string[];
};

/** `markMessageAsReadByConID`. */
export type MarkNotiParams = {
  conversationID: string;
  msgIDList: string[];
};

// ——— conversations ———

/** `getConversationListSplit`: a page of the conversation list. */
export type SplitParams = {
  offset: number;
  count: number;
};

/** `getOneConversation` / `getConversationIDBySessionType`: a peer userID or a groupID and its session type. */
export type GetOneCveParams = {
  sourceID: string;
  sessionType: number;
};

/** `setConversationDraft`. */
export type SetDraftParams = {
  conversationID: string;
  draftText: string;
};

/** `pinConversation`. */
export type PinCveParams = {
  conversationID: string;
  isPinned: boolean;
};

/** `setConversationRecvMessageOpt`. */
export type isRecvParams = {
  conversationIDList: string[];
  opt: OptType;
};

/** `searchLocalMessages`: keywords in one conversation, with optional filters and paging. */
export type SearchLocalParams = {
  sourceID: string;
  sessionType: number;
  keywordList: string[];
  keywordListMatchType?: number | undefined;
  senderUserIDList?: string[] | undefined;
  messageTypeList?: number[] | undefined;
  searchTimePosition?: number | undefined;
  searchTimePeriod?: number | undefined;
  pageIndex?: number | undefined;
  count?: number | undefined;
};

// ——— friends ———

/** `addFriend`. */
export type AddFriendParams = {
  toUserID: string;
  reqMsg: string;
};

/** `acceptFriendApplication` / `refuseFriendApplication`: the applicant. */
export type AccessFriendParams = {
  toUserID: string;
  handleMsg: string;
};

/** `setFriendRemark`. */
export type RemarkFriendParams = {
  toUserID: string;
  remark: string;
};

// ——— groups ———

/** `inviteUserToGroup` / `kickGroupMember` (and, without `reason`, `getGroupMembersInfo`). */
export type InviteGroupParams = {
  groupID: string;
  reason: string;
  userIDList: string[];
};

/** `markGroupMessageAsRead`. */
export type GroupMsgReadParams = {
  groupID: string;
  msgIDList: string[];
};

/** `getGroupMemberList`: `filter` 0 all, 1 ordinary members, 2 owner, 3 admins. */
export type GetGroupMemberParams = {
  groupID: string;
  filter: number;
  offset: number;
  count: number;
};

/** `createGroup`: the group's profile and its first members (besides the creator). */
export type CreateGroupParams = {
  groupBaseInfo: GroupInitInfo;
  memberList: Member[];
};

/** A new group's profile. */
export type GroupInitInfo = {
  /** 0, the only type of this generation. */
  groupType: number;
  groupName: string;
  introduction?: string | undefined;
  notification?: string | undefined;
  faceURL?: string | undefined;
  ex?: string | undefined;
};

/** A member to add at creation: `roleLevel` 1 ordinary member or 3 admin. */
export type Member = {
  userID: string;
  roleLevel: number;
};

/** `setGroupInfo`. */
export type GroupInfoParams = {
  groupID: string;
  groupInfo: GroupBaseInfo;
};

/** The editable profile fields of a group; absent ones keep their value. */
export type GroupBaseInfo = { [K in Exclude<keyof GroupInitInfo, 'groupType'>]?: GroupInitInfo[K] | undefined };

/** `joinGroup`. */
export type JoinGroupParams = {
  groupID: string;
  reqMsg: string;
};

/** `changeGroupMute`. */
export type ChangeGroupMuteParams = {
  groupID: string;
  isMute: boolean;
};

/** `changeGroupMemberMute`: 0 seconds lifts the mute. */
export type ChangeGroupMemberMuteParams = {
  groupID: string;
  userID: string;
  mutedSeconds: number;
};

/** `transferGroupOwner`. */
export type TransferGroupParams = {
  groupID: string;
  newOwnerUserID: string;
};

/** `acceptGroupApplication` / `refuseGroupApplication`: the applicant. */
export type AccessGroupParams = {
  groupID: string;
  fromUserID: string;
  handleMsg: string;
};

// ——— signaling (this server answers 804) ———

/** An audio/video call invitation. */
export type RtcInvite = {
  inviterUserID: string;
  inviteeUserIDList: string[];
  groupID: string;
  roomID: string;
  timeout: number;
  mediaType: string;
  sessionType: number;
  platformID: number;
};

/** Accepting, rejecting or cancelling an invitation. */
export type RtcActionParams = {
  opUserID: string;
  invitation: RtcInvite;
};

