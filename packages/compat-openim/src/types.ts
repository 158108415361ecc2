// Placeholder declarations; the types area replaces them with the vendor-compatible shapes.
/* eslint-disable */
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type InitConfig = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type WsResponse = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type WsParams = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type LoginParams = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type AtMsgParams = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type ImageMsgParams = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type PicBaseInfo = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type SoundMsgParams = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type VideoMsgParams = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type FileMsgParams = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type FileMsgFullParams = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type VideoMsgFullParams = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type SouondMsgFullParams = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type MergerMsgParams = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type FaceMessageParams = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type LocationMsgParams = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type CustomMsgParams = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type QuoteMsgParams = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type SendMsgParams = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type GetHistoryMsgParams = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type setPrvParams = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type InsertSingleMsgParams = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type InsertGroupMsgParams = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type TypingUpdateParams = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type MarkC2CParams = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type MarkNotiParams = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type SplitParams = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type GetOneCveParams = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type SetDraftParams = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type PinCveParams = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type isRecvParams = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type SearchLocalParams = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type AddFriendParams = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type AccessFriendParams = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type RemarkFriendParams = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type InviteGroupParams = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type GroupMsgReadParams = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type GetGroupMemberParams = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type CreateGroupParams = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type GroupInitInfo = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type Member = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type GroupInfoParams = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type GroupBaseInfo = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type JoinGroupParams = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type ChangeGroupMuteParams = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type ChangeGroupMemberMuteParams = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type TransferGroupParams = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type AccessGroupParams = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type RtcInvite = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type RtcActionParams = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type GroupApplicationItem = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type FriendApplicationItem = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type TotalUserStruct = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type PublicUserItem = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type FullUserItem = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type PartialUserItem = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type FriendItem = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type FriendRelationItem = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type BlackItem = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type GroupItem = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type GroupMemberItem = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type ConversationItem = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type MessageItem = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type NotificationElem = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type AtElem = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type CustomElem = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type FileElem = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type FaceElem = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type LocationElem = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type MergeElem = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type OfflinePush = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type PictureElem = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type AttachedInfoElem = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type GroupHasReadInfo = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type Picture = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type QuoteElem = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type SoundElem = any;
// biome-ignore lint/suspicious/noExplicitAny: placeholder
export type VideoElem = any;
