// The message and conversation methods of @openim/wasm-client-sdk 3.8's SDK object, as an app
// calls them: same names, parameters and results.
import type { ConversationGroupType, Platform } from './enums.js';
import type { ConversationGroup, ConversationItem, GetConversationGroupInfoWithConversationsResp, GroupMemberItem, SearchMessageResult, WsResponse } from './types/entity.js';
import type { AdvancedGetMessageResult, CardElem, MessageItem } from './types/message.js';
import type {
  AccessMessageParams,
  AddConversationsToGroupParams,
  AdvancedMsgParams,
  AdvancedQuoteMsgParams,
  AtMsgParams,
  ChangeInputStatesParams,
  CreateConversationGroupReq,
  CreateTargetedGroupMessageParams,
  CustomMsgParams,
  DeleteMessagesParams,
  DeleteUserMsgInConvParams,
  FaceMessageParams,
  FetchSurroundingParams,
  FileMsgParamsByURL,
  FindMessageParams,
  GetAdvancedHistoryMsgParams,
  GetConversationGroupInfoWithConversationsReq,
  GetGroupMessageReaderParams,
  GetHistoryMsgParams,
  GetInputstatesParams,
  GetOneConversationParams,
  ImageMsgParamsByURL,
  InsertGroupMsgParams,
  InsertSingleMsgParams,
  LocationMsgParams,
  MergerMsgParams,
  ModifyMessageParams,
  QuoteMsgParams,
  RemoveConversationsFromGroupParams,
  SearchLocalParams,
  SendGroupReadReceiptParams,
  SendMsgParams,
  SetBurnDurationParams,
  SetConversationDraftParams,
  SetConversationExParams,
  SetConversationGroupOrderReq,
  SetConversationMsgDestructParams,
  SetConversationMsgDestructTimeParams,
  SetConversationParams,
  SetConversationPinnedMsgParams,
  SetConversationPinParams,
  SetConversationPrivateStateParams,
  SetConversationRecvOptParams,
  SetMessageLocalContentParams,
  SetMessageLocalExParams,
  SoundMsgParamsByURL,
  SplitConversationParams,
  TypingUpdateParams,
  UpdateConversationGroupReq,
  VideoMsgParamsByURL,
} from './types/params.js';

type R<T> = Promise<WsResponse<T>>;

/** The message and conversation methods of the 3.x SDK object. */
export interface MessageApi {
  getAllConversationList: (operationID?: string) => R<ConversationItem[]>;
  getOneConversation: (params: GetOneConversationParams, operationID?: string) => R<ConversationItem>;
  getAdvancedHistoryMessageList: (params: GetAdvancedHistoryMsgParams, operationID?: string) => R<AdvancedGetMessageResult>;
  getAdvancedHistoryMessageListReverse: (params: GetAdvancedHistoryMsgParams, operationID?: string) => R<AdvancedGetMessageResult>;
  fetchSurroundingMessages: (params: FetchSurroundingParams, operationID?: string) => R<{ messageList: MessageItem[] }>;
  deleteConversationAndDeleteAllMsg: <T>(conversationID: string, operationID?: string) => R<T>;
  markConversationMessageAsRead: <T>(data: string, operationID?: string) => R<T>;
  sendGroupMessageReadReceipt: <T>(params: SendGroupReadReceiptParams, operationID?: string) => R<T>;
  getGroupMessageReaderList: (params: GetGroupMessageReaderParams, operationID?: string) => R<GroupMemberItem[]>;
  createTextMessage: (text: string, operationID?: string) => R<MessageItem>;
  createImageMessageByURL: (params: ImageMsgParamsByURL, operationID?: string) => R<MessageItem>;
  createImageMessageByFile: (params: ImageMsgParamsByURL & { file: File }, operationID?: string) => R<MessageItem>;
  createCustomMessage: (params: CustomMsgParams, operationID?: string) => R<MessageItem>;
  createQuoteMessage: (params: QuoteMsgParams, operationID?: string) => R<MessageItem>;
  createAdvancedQuoteMessage: (params: AdvancedQuoteMsgParams, operationID?: string) => R<MessageItem>;
  createAdvancedTextMessage: (params: AdvancedMsgParams, operationID?: string) => R<MessageItem>;
  sendMessage: (params: SendMsgParams, operationID?: string) => R<MessageItem>;
  sendMessageNotOss: (params: SendMsgParams, operationID?: string) => R<MessageItem>;
  setMessageLocalEx: <T>(params: SetMessageLocalExParams, operationID?: string) => R<T>;
  exportDB(operationID?: string): R<unknown>;
  getHistoryMessageListReverse: (params: GetHistoryMsgParams, operationID?: string) => R<AdvancedGetMessageResult>;
  revokeMessage: <T>(data: AccessMessageParams, operationID?: string) => R<T>;
  setConversation: <T>(params: SetConversationParams, operationID?: string) => R<T>;
  /** @deprecated Use setConversation instead. */
  setConversationPrivateChat: <T>(params: SetConversationPrivateStateParams, operationID?: string) => R<T>;
  /** @deprecated Use setConversation instead. */
  setConversationBurnDuration: <T>(params: SetBurnDurationParams, operationID?: string) => R<T>;
  createTextAtMessage: (data: AtMsgParams, operationID?: string) => R<MessageItem>;
  createSoundMessageByURL: (data: SoundMsgParamsByURL, operationID?: string) => R<MessageItem>;
  createSoundMessageByFile: (data: SoundMsgParamsByURL & { file: File }, operationID?: string) => R<MessageItem>;
  createVideoMessageByURL: (data: VideoMsgParamsByURL, operationID?: string) => R<MessageItem>;
  createVideoMessageByFile: (data: VideoMsgParamsByURL & { videoFile: File; snapshotFile: File }, operationID?: string) => R<MessageItem>;
  createFileMessageByURL: (data: FileMsgParamsByURL, operationID?: string) => R<MessageItem>;
  createFileMessageByFile: (data: FileMsgParamsByURL & { file: File }, operationID?: string) => R<MessageItem>;
  createMergerMessage: (data: MergerMsgParams, operationID?: string) => R<MessageItem>;
  createForwardMessage: (data: MessageItem, operationID?: string) => R<MessageItem>;
  createFaceMessage: (data: FaceMessageParams, operationID?: string) => R<MessageItem>;
  createLocationMessage: (data: LocationMsgParams, operationID?: string) => R<MessageItem>;
  createCardMessage: (data: CardElem, operationID?: string) => R<MessageItem>;
  deleteMessageFromLocalStorage: <T>(data: AccessMessageParams, operationID?: string) => R<T>;
  deleteMessage: <T>(data: AccessMessageParams, operationID?: string) => R<T>;
  deleteAllConversationFromLocal: <T>(operationID?: string) => R<T>;
  deleteAllMsgFromLocal: <T>(operationID?: string) => R<T>;
  deleteAllMsgFromLocalAndSvr: <T>(operationID?: string) => R<T>;
  insertSingleMessageToLocalStorage: <T>(data: InsertSingleMsgParams, operationID?: string) => R<T>;
  insertGroupMessageToLocalStorage: <T>(data: InsertGroupMsgParams, operationID?: string) => R<T>;
  /** @deprecated Use changeInputStates instead. */
  typingStatusUpdate: <T>(data: TypingUpdateParams, operationID?: string) => R<T>;
  changeInputStates: (data: ChangeInputStatesParams, operationID?: string) => R<void>;
  getInputstates: (data: GetInputstatesParams, operationID?: string) => R<Platform[]>;
  clearConversationAndDeleteAllMsg: <T>(data: string, operationID?: string) => R<T>;
  hideConversation: <T>(data: string, operationID?: string) => R<T>;
  getConversationListSplit: (data: SplitConversationParams, operationID?: string) => R<ConversationItem[]>;
  /** @deprecated Use setConversation instead. */
  setConversationEx: (data: SetConversationExParams, operationID?: string) => R<ConversationItem[]>;
  getConversationIDBySessionType: (data: GetOneConversationParams, operationID?: string) => R<string>;
  getMultipleConversation: (data: string[], operationID?: string) => R<ConversationItem[]>;
  deleteConversation: <T>(data: string, operationID?: string) => R<T>;
  /** @deprecated Use setConversation instead. */
  setConversationDraft: <T>(data: SetConversationDraftParams, operationID?: string) => R<T>;
  /** @deprecated Use setConversation instead. */
  pinConversation: <T>(data: SetConversationPinParams, operationID?: string) => R<T>;
  getTotalUnreadMsgCount: (operationID?: string) => R<number>;
  getConversationRecvMessageOpt: (data: string[], operationID?: string) => R<ConversationItem[]>;
  /** @deprecated Use setConversation instead. */
  setConversationRecvMessageOpt: <T>(data: SetConversationRecvOptParams, operationID?: string) => R<T>;
  searchLocalMessages: (data: SearchLocalParams, operationID?: string) => R<SearchMessageResult>;
  /** @deprecated Use setConversation instead. */
  resetConversationGroupAtType: <T>(data: string, operationID?: string) => R<T>;
  findMessageList: (data: FindMessageParams[], operationID?: string) => R<SearchMessageResult>;
  setConversationIsMsgDestruct: <T>(data: SetConversationMsgDestructParams, operationID?: string) => R<T>;
  setConversationMsgDestructTime: <T>(data: SetConversationMsgDestructTimeParams, operationID?: string) => R<T>;
  createTargetedGroupMessage: (params: CreateTargetedGroupMessageParams, operationID?: string) => R<MessageItem>;
  modifyMessage: (params: ModifyMessageParams, operationID?: string) => R<MessageItem>;
  deleteMessages: <T>(data: DeleteMessagesParams, operationID?: string) => R<T>;
  deleteUserAllMessagesInConv: <T>(data: DeleteUserMsgInConvParams, operationID?: string) => R<T>;
  setConversationPinnedMsg: <T>(data: SetConversationPinnedMsgParams, operationID?: string) => R<T>;
  getConversationPinnedMsg: (data: string, operationID?: string) => R<MessageItem[]>;
  createMarkdownMessage: (text: string, operationID?: string) => R<MessageItem>;
  createConversationGroup: (data: CreateConversationGroupReq, operationID?: string) => R<ConversationGroup>;
  updateConversationGroup: (data: UpdateConversationGroupReq, operationID?: string) => R<ConversationGroup>;
  deleteConversationGroup: <T>(groupID: string, operationID?: string) => R<T>;
  getConversationGroups: (conversationGroupType: ConversationGroupType, operationID?: string) => R<ConversationGroup[]>;
  setConversationGroupOrder: <T>(data: SetConversationGroupOrderReq[], operationID?: string) => R<T>;
  addConversationsToGroups: <T>(data: AddConversationsToGroupParams, operationID?: string) => R<T>;
  removeConversationsFromGroups: <T>(data: RemoveConversationsFromGroupParams, operationID?: string) => R<T>;
  getConversationGroupIDsByConversationID: (conversationID: string, operationID?: string) => R<string[]>;
  getConversationGroupInfoWithConversations: (data: GetConversationGroupInfoWithConversationsReq, operationID?: string) => R<GetConversationGroupInfoWithConversationsResp>;
  setMessageLocalContent: (data: SetMessageLocalContentParams, operationID?: string) => R<void>;
}
