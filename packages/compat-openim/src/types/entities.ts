/**
 * The entity types of open-im-sdk 2.0.x (`open-im-sdk/types`; openim.md §4): what the `data` of
 * results and events holds once parsed. Every field the vendor declares is present. Re-exported
 * by ../types.ts.
 */
import type { GroupRole, GroupStatus, MessageStatus, MessageType, OptType, Platform, SessionType } from '../constants.js';

// ——— relationships (times in seconds) ———

/** A request to join a group, as its applicant or its admins see it. */
export type GroupApplicationItem = {
  createTime: number;
  creatorUserID: string;
  ex: string;
  gender: number;
  groupFaceURL: string;
  groupID: string;
  groupName: string;
  groupType: number;
  /** 0 pending, 1 accepted, -1 refused. */
  handleResult: number;
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
  status: number;
  userFaceURL: string;
  userID: string;
};

/** A friend request, sent or received. */
export type FriendApplicationItem = {
  createTime: number;
  ex: string;
  fromFaceURL: string;
  fromGender: number;
  fromNickname: string;
  fromUserID: string;
  handleMsg: string;
  /** 0 pending, 1 accepted, -1 refused. */
  handleResult: number;
  handleTime: number;
  handlerUserID: string;
  reqMsg: string;
  toFaceURL: string;
  toGender: number;
  toNickname: string;
  toUserID: string;
};

/** One user as `getUsersInfo` answers: the public profile and, when they apply, friendship and block. */
export type TotalUserStruct = {
  blackInfo: BlackItem | null;
  friendInfo: FriendItem | null;
  publicInfo: PublicUserItem | null;
};

/** What anyone may see of a user. */
export type PublicUserItem = {
  /** 0 unknown, 1 male, 2 female. */
  gender: number;
  nickname: string;
  userID: string;
  faceURL: string;
};

/** The signed-in user's own profile. */
export type FullUserItem = {
  birth: number;
  createTime: number;
  email: string;
  ex: string;
  faceURL: string;
  gender: number;
  nickname: string;
  phoneNumber: string;
  userID: string;
};

/** `setSelfInfo`: the user and the profile fields to change. */
export type PartialUserItem = { [K in Exclude<keyof FullUserItem, 'userID'>]?: FullUserItem[K] | undefined } & { userID: string };

/** A friend: their profile and the friendship (`createTime`: when it began). */
export type FriendItem = {
  addSource: number;
  birth: number;
  createTime: number;
  email: string;
  ex: string;
  faceURL: string;
  userID: string;
  gender: number;
  nickname: string;
  operatorUserID: string;
  ownerUserID: string;
  phoneNumber: string;
  remark: string;
};

/** `checkFriend`: 1 a friend (and not blocked), 0 otherwise. */
export type FriendRelationItem = {
  result: number;
  userID: string;
};

/** A blocked user. */
export type BlackItem = {
  addSource: number;
  userID: string;
  createTime: number;
  ex: string;
  faceURL: string;
  gender: number;
  nickname: string;
  operatorUserID: string;
  ownerUserID: string;
};

/** A group's profile. */
export type GroupItem = {
  groupID: string;
  groupName: string;
  notification: string;
  introduction: string;
  faceURL: string;
  ownerUserID: string;
  /** Seconds. */
  createTime: number;
  memberCount: number;
  status: GroupStatus;
  creatorUserID: string;
  groupType: number;
  ex: string;
};

/** A group member. */
export type GroupMemberItem = {
  groupID: string;
  userID: string;
  nickname: string;
  faceURL: string;
  roleLevel: GroupRole;
  /** Seconds; 0 when not muted. */
  muteEndTime: number;
  /** Seconds. */
  joinTime: number;
  joinSource: number;
  operatorUserID: string;
  ex: string;
};

// ——— conversations and messages (times in ms) ———

/** One conversation of the signed-in user: `single_<userID>` or `group_<groupID>`. */
export type ConversationItem = {
  conversationID: string;
  conversationType: SessionType;
  userID: string;
  groupID: string;
  /** The friend remark, else the nickname; or the group name. */
  showName: string;
  faceURL: string;
  recvMsgOpt: OptType;
  unreadCount: number;
  groupAtType: number;
  /** The last message's `MessageItem` JSON: parse it. */
  latestMsg: string;
  latestMsgSendTime: number;
  draftText: string;
  draftTextTime: number;
  isPinned: boolean;
  isPrivateChat: boolean;
  attachedInfo: string;
  ex: string;
};

/** A message. Every elem is present; those of other content types hold zero values. */
export type MessageItem = {
  clientMsgID: string;
  serverMsgID: string;
  createTime: number;
  sendTime: number;
  sessionType: SessionType;
  sendID: string;
  /** For group messages, rely on `groupID`. */
  recvID: string;
  /** 100 a user, 200 the system. */
  msgFrom: number;
  contentType: MessageType;
  platformID: Platform;
  senderNickname: string;
  senderFaceUrl: string;
  groupID: string;
  /** The text itself, or the elem's JSON. */
  content: string;
  seq: number;
  isRead: boolean;
  status: MessageStatus;
  offlinePush: OfflinePush;
  attachedInfo: string;
  attachedInfoElem: AttachedInfoElem;
  ex: string;
  pictureElem: PictureElem;
  soundElem: SoundElem;
  videoElem: VideoElem;
  fileElem: FileElem;
  faceElem: FaceElem;
  mergeElem: MergeElem;
  atElem: AtElem;
  locationElem: LocationElem;
  customElem: CustomElem;
  quoteElem: QuoteElem;
  notificationElem: NotificationElem;
  /** Upload progress of a media message being sent, 0–100. */
  progress?: number | undefined;
  downloadProgress?: number | undefined;
  downloaded?: boolean | undefined;
};

/** A notification message (content types 1000–2000): `detail` is JSON. */
export type NotificationElem = {
  detail: string;
  defaultTips: string;
};

/** An @-mention message. */
export type AtElem = {
  text: string;
  atUserList: string[];
  isAtSelf: boolean;
};

/** A custom message. */
export type CustomElem = {
  data: string;
  description: string;
  extension: string;
};

/** A file message. */
export type FileElem = {
  filePath: string;
  uuid: string;
  sourceUrl: string;
  fileName: string;
  fileSize: number;
};

/** A sticker message. */
export type FaceElem = {
  index: number;
  data: string;
};

/** A location message. */
export type LocationElem = {
  description: string;
  longitude: number;
  latitude: number;
};

/** A merged (bundled) message. */
export type MergeElem = {
  title: string;
  abstractList: string[];
  multiMessage: MessageItem[];
};

/** Offline push settings of a message. */
export type OfflinePush = {
  title: string;
  desc: string;
  ex: string;
  iOSPushSound: string;
  iOSBadgeCount: boolean;
};

/** A picture message. */
export type PictureElem = {
  sourcePath: string;
  sourcePicture: Picture;
  bigPicture: Picture;
  snapshotPicture: Picture;
};

/** Read state of a group message, and the private-chat flag. */
export type AttachedInfoElem = {
  groupHasReadInfo: GroupHasReadInfo;
  isPrivateChat: boolean;
};

/** Who has read a group message. */
export type GroupHasReadInfo = {
  hasReadCount: number;
  hasReadUserIDList: string[];
};

/** One rendition of a picture (`url`: where it is stored). */
export type Picture = {
  uuid: string;
  type: string;
  size: number;
  width: number;
  height: number;
  url: string;
};

/** A reply: its text and the quoted message. */
export type QuoteElem = {
  text: string;
  quoteMessage: MessageItem;
};

/** A voice message. */
export type SoundElem = {
  uuid: string;
  soundPath: string;
  sourceUrl: string;
  dataSize: number;
  duration: number;
};

/** A video message. */
export type VideoElem = {
  videoPath: string;
  videoUUID: string;
  videoUrl: string;
  videoType: string;
  videoSize: number;
  duration: number;
  snapshotPath: string;
  snapshotUUID: string;
  snapshotSize: number;
  snapshotUrl: string;
  snapshotWidth: number;
  snapshotHeight: number;
};
