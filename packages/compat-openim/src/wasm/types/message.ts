// The message shapes of @openim/wasm-client-sdk 3.8 (`lib/types/entity`), declared here with the
// same names and fields so an app's imports type-check against this package.
import type { MessageStatus, MessageType, Platform, SessionType } from '../enums.js';

/** An entity inside rich text (a link, a mention…): its kind and where it sits. */
export type MessageEntity = { type: string; offset: number; length: number; url?: string; info?: string };
/** One rendition of an image, as the image creators take it. */
export type PicBaseInfo = { uuid: string; type: string; size: number; width: number; height: number; url: string };
/** One rendition of an image inside a message. */
export type Picture = PicBaseInfo;
/** A mentioned user and the name shown for them. */
export type AtUsersInfoItem = { atUserID: string; groupNickname: string };
/** Offline push settings of a message. */
export type OfflinePush = { title: string; desc: string; ex: string; iOSPushSound: string; iOSBadgeCount: boolean };

export type TextElem = { content: string };
export type CardElem = { userID: string; nickname: string; faceURL: string; ex: string };
export type AtTextElem = { text: string; atUserList: string[]; atUsersInfo?: AtUsersInfoItem[]; quoteMessage?: MessageItem; isAtSelf?: boolean };
/** A notification's payload; `detail` is JSON text. */
export type NotificationElem = { detail: string };
export type AdvancedTextElem = { text: string; messageEntityList: MessageEntity[] };
export type TypingElem = { msgTips: string };
export type CustomElem = { data: string; description: string; extension: string };
export type FileElem = { filePath: string; uuid: string; sourceUrl: string; fileName: string; fileSize: number };
export type FaceElem = { index: number; data: string };
export type LocationElem = { description: string; longitude: number; latitude: number };
export type MergeElem = { title: string; abstractList: string[]; multiMessage: MessageItem[]; messageEntityList: MessageEntity[] };
export type PictureElem = { sourcePath: string; sourcePicture: Picture; bigPicture: Picture; snapshotPicture: Picture };
export type QuoteElem = { text: string; quoteMessage: MessageItem };
export type SoundTextElem = { text: string; translate: Record<string, string> };
export type SoundElem = { uuid: string; soundPath: string; sourceUrl: string; dataSize: number; duration: number; soundType: string; text?: SoundTextElem };
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
export type MarkdownTextElem = { content: string };
export type StreamElem = { content: string; type: string; packets: string[]; end: boolean };
export type UploadProgress = { total: number; save: number; current: number };
export type ModifiedInfo = { modifiedCount: number; modifiedTime: number; userID: string };
export type GroupHasReadInfo = { hasReadCount: number; unreadCount: number; hasReadUserIDList: string[]; groupMemberCount: number };
export type AttachedInfoElem = {
  groupHasReadInfo: GroupHasReadInfo;
  isPrivateChat: boolean;
  isEncryption: boolean;
  inEncryptStatus: boolean;
  burnDuration: number;
  hasReadTime: number;
  lastModified?: ModifiedInfo;
  messageEntityList?: MessageEntity[];
  uploadProgress?: UploadProgress;
};

/**
 * A message as 3.x apps see it: `sessionType` 3 for groups, `senderPlatformID`, and exactly the
 * elem of its `contentType` (`textElem` for text, `atTextElem` for mentions…).
 */
export type MessageItem = {
  clientMsgID: string;
  serverMsgID: string;
  createTime: number;
  sendTime: number;
  sessionType: SessionType;
  sendID: string;
  recvID: string;
  msgFrom: number;
  contentType: MessageType;
  senderPlatformID: Platform;
  senderNickname: string;
  senderFaceUrl: string;
  groupID: string;
  content: string;
  seq: number;
  isRead: boolean;
  status: MessageStatus;
  isReact?: boolean;
  isExternalExtensions?: boolean;
  offlinePush?: OfflinePush;
  ex?: string;
  localEx?: string;
  textElem?: TextElem;
  cardElem?: CardElem;
  pictureElem?: PictureElem;
  soundElem?: SoundElem;
  videoElem?: VideoElem;
  fileElem?: FileElem;
  mergeElem?: MergeElem;
  atTextElem?: AtTextElem;
  faceElem?: FaceElem;
  locationElem?: LocationElem;
  customElem?: CustomElem;
  quoteElem?: QuoteElem;
  notificationElem?: NotificationElem;
  advancedTextElem?: AdvancedTextElem;
  typingElem?: TypingElem;
  attachedInfoElem?: AttachedInfoElem;
  markdownTextElem?: MarkdownTextElem;
  streamElem?: StreamElem;
};

/** The revoke payload of `OnNewRecvMessageRevoked` (and of a 2101 notice's `detail`). */
export type RevokedInfo = {
  revokerID: string;
  revokerRole: number;
  clientMsgID: string;
  revokerNickname: string;
  revokeTime: number;
  sourceMessageSendTime: number;
  sourceMessageSendID: string;
  sourceMessageSenderNickname: string;
  sessionType: number;
  seq: number;
  ex: string;
};
/** The older revoke payload shape. */
export type AdvancedRevokeContent = {
  clientMsgID: string;
  revokeTime: number;
  revokerID: string;
  revokerNickname: string;
  revokerRole: number;
  seq: number;
  sessionType: SessionType;
  sourceMessageSendID: string;
  sourceMessageSendTime: number;
  sourceMessageSenderNickname: string;
};
/** A read receipt of one-to-one messages. */
export type ReceiptInfo = { userID: string; groupID: string; msgIDList: string[]; readTime: number; msgFrom: number; contentType: MessageType; sessionType: SessionType };
/** One page of history: `isEnd` once the start of the conversation is reached. */
export type AdvancedGetMessageResult = { isEnd: boolean; errCode: number; errMsg: string; messageList: MessageItem[]; lastMinSeq?: number };
