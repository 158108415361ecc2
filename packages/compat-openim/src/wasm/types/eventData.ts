/**
 * The event payload map of @openim/wasm-client-sdk 3.8 (`lib/types/eventData`): what `data` is for
 * each callback event, so `sdk.on(CbEvents.X, ({ data }) => …)` is typed.
 */
import type { CbEvents } from '../../constants.js';
import type {
  BlackUserItem,
  ConversationGroup,
  ConversationGroupMemberChangedCallbackData,
  ConversationInputStatus,
  ConversationItem,
  FriendApplicationItem,
  FriendUserItem,
  GroupApplicationItem,
  GroupItem,
  GroupMemberItem,
  GroupMessageReceiptInfo,
  PinnedMessageChangeData,
  SelfUserInfo,
  UploadProgressData,
  UserOnlineState,
} from './entity.js';
import type { MessageItem, ReceiptInfo, RevokedInfo } from './message.js';

/** The payload of events that carry none (`data` is "" at run time). */
// biome-ignore lint/suspicious/noConfusingVoidType: the vendor declares these payloads `void`, and apps' handlers are typed by it.
type NoData = void;

export type EventDataMap = {
  [CbEvents.OnProgress]: { progress: number; clientMsgID: string };
  [CbEvents.OnBlackAdded]: BlackUserItem;
  [CbEvents.OnBlackDeleted]: BlackUserItem;
  [CbEvents.OnConversationChanged]: ConversationItem[];
  [CbEvents.OnFriendAdded]: FriendUserItem;
  [CbEvents.OnFriendApplicationAdded]: FriendApplicationItem;
  [CbEvents.OnFriendApplicationDeleted]: FriendApplicationItem;
  [CbEvents.OnFriendApplicationRejected]: FriendApplicationItem;
  [CbEvents.OnFriendDeleted]: FriendUserItem;
  [CbEvents.OnFriendInfoChanged]: FriendUserItem;
  [CbEvents.OnGroupApplicationAdded]: GroupApplicationItem;
  [CbEvents.OnGroupApplicationDeleted]: GroupApplicationItem;
  [CbEvents.OnGroupApplicationRejected]: GroupApplicationItem;
  [CbEvents.OnGroupApplicationAccepted]: GroupApplicationItem;
  [CbEvents.OnGroupDismissed]: GroupItem;
  [CbEvents.OnGroupMemberDeleted]: GroupMemberItem;
  [CbEvents.OnGroupMemberInfoChanged]: GroupMemberItem;
  [CbEvents.OnJoinedGroupAdded]: GroupItem;
  [CbEvents.OnJoinedGroupDeleted]: GroupItem;
  [CbEvents.OnNewConversation]: ConversationItem[];
  [CbEvents.OnConversationUserInputStatusChanged]: ConversationInputStatus;
  [CbEvents.OnNewRecvMessageRevoked]: RevokedInfo;
  [CbEvents.OnRecvC2CReadReceipt]: ReceiptInfo[];
  [CbEvents.OnRecvGroupReadReceipt]: GroupMessageReceiptInfo;
  [CbEvents.OnMsgDeleted]: MessageItem;
  [CbEvents.OnDeleteUserAllMsgsInConv]: { conversationID: string; userID: string };
  [CbEvents.OnChangedPinnedMsg]: PinnedMessageChangeData;
  [CbEvents.OnRecvNewMessage]: MessageItem;
  [CbEvents.OnRecvNewMessages]: MessageItem[];
  [CbEvents.OnMessageModified]: MessageItem;
  [CbEvents.OnRecvOfflineNewMessage]: MessageItem;
  [CbEvents.OnRecvOnlineOnlyMessage]: MessageItem;
  [CbEvents.OnRecvOfflineNewMessages]: MessageItem[];
  [CbEvents.OnRecvOnlineOnlyMessages]: MessageItem[];
  [CbEvents.OnSelfInfoUpdated]: SelfUserInfo;
  [CbEvents.OnSyncServerFailed]: NoData;
  [CbEvents.OnSyncServerStart]: boolean;
  [CbEvents.OnSyncServerProgress]: number;
  [CbEvents.OnSyncServerFinish]: NoData;
  [CbEvents.OnTotalUnreadMessageCountChanged]: number;
  [CbEvents.OnUserStatusChanged]: UserOnlineState;
  [CbEvents.OnConnectFailed]: NoData;
  [CbEvents.OnConnectSuccess]: NoData;
  [CbEvents.OnConnecting]: NoData;
  [CbEvents.OnKickedOffline]: NoData;
  [CbEvents.OnUserTokenExpired]: NoData;
  [CbEvents.OnUserTokenInvalid]: NoData;
  [CbEvents.UploadComplete]: UploadProgressData;
  [CbEvents.OnConversationGroupAdded]: ConversationGroup[];
  [CbEvents.OnConversationGroupDeleted]: ConversationGroup[];
  [CbEvents.OnConversationGroupChanged]: ConversationGroup[];
  [CbEvents.OnConversationGroupMemberAdded]: ConversationGroupMemberChangedCallbackData;
  [CbEvents.OnConversationGroupMemberDeleted]: ConversationGroupMemberChangedCallbackData;
};

/** The `data` of event `E` (`never` for events without a declared payload). */
export type DataOfEvent<E extends CbEvents> = E extends keyof EventDataMap ? EventDataMap[E] : never;
