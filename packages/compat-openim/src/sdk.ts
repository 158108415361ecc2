import { wireConversations } from './areas/conversations/events.js';
import { getAllConversationList } from './areas/conversations/list.js';
import { getJoinedGroupList } from './areas/groups/joined.js';
import { wireGroups } from './areas/groups/wire.js';
import { createTextMessage } from './areas/messages/create-text.js';
import { getHistoryMessageList } from './areas/messages/history.js';
import { sendMethods } from './areas/messages/send.js';
import { wireMessages } from './areas/messages/wire.js';
import { wireRelations } from './areas/relations/wire.js';
import { sessionMethods } from './areas/session.js';
import { OpenImCore } from './core.js';
import { V2 } from './dialect.js';
import Emitter from './emitter.js';
import { bind, bindLazy, type MethodTable } from './method.js';
import { METHOD_NAMES, NO_DATA } from './names.js';
import { laterMethods } from './part.js';
import type {
  AccessFriendParams,
  AccessGroupParams,
  AddFriendParams,
  AtMsgParams,
  ChangeGroupMemberMuteParams,
  ChangeGroupMuteParams,
  CreateGroupParams,
  CustomMsgParams,
  FaceMessageParams,
  FileMsgFullParams,
  FileMsgParams,
  GetGroupMemberParams,
  GetHistoryMsgParams,
  GetOneCveParams,
  GroupInfoParams,
  GroupMsgReadParams,
  ImageMsgParams,
  InitConfig,
  InsertGroupMsgParams,
  InsertSingleMsgParams,
  InviteGroupParams,
  isRecvParams,
  JoinGroupParams,
  LocationMsgParams,
  MarkC2CParams,
  MarkNotiParams,
  MergerMsgParams,
  PartialUserItem,
  PinCveParams,
  QuoteMsgParams,
  RemarkFriendParams,
  RtcActionParams,
  RtcInvite,
  SearchLocalParams,
  SendMsgParams,
  SetDraftParams,
  SoundMsgParams,
  SouondMsgFullParams,
  SplitParams,
  setPrvParams,
  TransferGroupParams,
  TypingUpdateParams,
  VideoMsgFullParams,
  VideoMsgParams,
  WsResponse,
} from './types.js';


export { METHOD_NAMES } from './names.js';

/**
 * What a chat page needs to start (log in, list conversations and joined groups, show history,
 * create and send a text), loaded up front with every area's event translation.
 */
export const STARTUP: MethodTable = { ...sessionMethods, createTextMessage, ...sendMethods, getHistoryMessageList, getAllConversationList, getJoinedGroupList };

/** The event translation of every area, wired at login (message, conversation, relation, group events). */
const WIRINGS = [wireMessages, wireConversations, wireRelations, wireGroups];

/**
 * open-im-sdk 2.0.x's SDK object: `new OpenIMSDK()`, then `login({ userID, token, url, platformID })`.
 * Every method resolves or rejects with a `WsResponse` whose `data` is a string (JSON text or a
 * scalar), as the vendor's does; listeners get the whole WsResponse.
 *
 * @example
 * const openIM = new OpenIMSDK();
 * openIM.on(CbEvents.ONRECVNEWMESSAGE, ({ data }) => show(JSON.parse(data)));
 * await openIM.login({ userID: 'alice', token, url: 'wss://chat.example.com', platformID: 5 });
 */
export class OpenIMSDK extends Emitter {
  readonly #core: OpenImCore;

  constructor() {
    super();
    const core = new OpenImCore(this, V2, WIRINGS);
    this.#core = core;
    for (const name of METHOD_NAMES) {
      const spec = STARTUP[name];
      const value = spec ? bind(core, spec) : bindLazy(core, name, NO_DATA.has(name), laterMethods);
      Object.defineProperty(this, name, { value, enumerable: true, writable: true, configurable: true });
    }
  }

  /** Connects to `config.url` and logs in; resolves when the session is up. */
  login(config: InitConfig): Promise<WsResponse> {
    const core = this.#core;
    return core.order.run(() => core.login(config)) as Promise<WsResponse>;
  }

  /** Logs out and closes the connection; no reconnect follows. */
  logout(operationID?: string): Promise<WsResponse> {
    const core = this.#core;
    return core.order.run(() => core.logout(operationID)) as Promise<WsResponse>;
  }

  declare getLoginStatus: (operationID?: string) => Promise<WsResponse>;
  declare getLoginUser: (operationID?: string) => Promise<WsResponse>;
  declare getSelfUserInfo: (operationID?: string) => Promise<WsResponse>;
  declare getUsersInfo: (data: string[], operationID?: string) => Promise<WsResponse>;
  declare setSelfInfo: (data: PartialUserItem, operationID?: string) => Promise<WsResponse>;
  declare createTextMessage: (data: string, operationID?: string) => Promise<WsResponse>;
  declare createTextAtMessage: (data: AtMsgParams, operationID?: string) => Promise<WsResponse>;
  declare createImageMessage: (data: ImageMsgParams, operationID?: string) => Promise<WsResponse>;
  declare createSoundMessage: (data: SoundMsgParams, operationID?: string) => Promise<WsResponse>;
  declare createVideoMessage: (data: VideoMsgParams, operationID?: string) => Promise<WsResponse>;
  declare createFileMessage: (data: FileMsgParams, operationID?: string) => Promise<WsResponse>;
  declare createFileMessageFromFullPath: (data: FileMsgFullParams, operationID?: string) => Promise<WsResponse>;
  declare createImageMessageFromFullPath: (data: string, operationID?: string) => Promise<WsResponse>;
  declare createSoundMessageFromFullPath: (data: SouondMsgFullParams, operationID?: string) => Promise<WsResponse>;
  declare createVideoMessageFromFullPath: (data: VideoMsgFullParams, operationID?: string) => Promise<WsResponse>;
  declare createMergerMessage: (data: MergerMsgParams, operationID?: string) => Promise<WsResponse>;
  declare createForwardMessage: (data: string, operationID?: string) => Promise<WsResponse>;
  declare createFaceMessage: (data: FaceMessageParams, operationID?: string) => Promise<WsResponse>;
  declare createLocationMessage: (data: LocationMsgParams, operationID?: string) => Promise<WsResponse>;
  declare createCustomMessage: (data: CustomMsgParams, operationID?: string) => Promise<WsResponse>;
  declare createQuoteMessage: (data: QuoteMsgParams, operationID?: string) => Promise<WsResponse>;
  declare createCardMessage: (data: string, operationID?: string) => Promise<WsResponse>;
  declare sendMessage: (data: SendMsgParams, operationID?: string) => Promise<WsResponse>;
  declare sendMessageNotOss: (data: SendMsgParams, operationID?: string) => Promise<WsResponse>;
  declare getHistoryMessageList: (data: GetHistoryMsgParams, operationID?: string) => Promise<WsResponse>;
  declare revokeMessage: (data: string, operationID?: string) => Promise<WsResponse>;
  declare setOneConversationPrivateChat: (data: setPrvParams, operationID?: string) => Promise<WsResponse>;
  declare deleteMessageFromLocalStorage: (data: string, operationID?: string) => Promise<WsResponse>;
  declare deleteMessageFromLocalAndSvr: (data: string, operationID?: string) => Promise<WsResponse>;
  declare deleteConversationFromLocalAndSvr: (data: string, operationID?: string) => Promise<WsResponse>;
  declare deleteAllMsgFromLocal: (operationID?: string) => Promise<WsResponse>;
  declare deleteAllMsgFromLocalAndSvr: (operationID?: string) => Promise<WsResponse>;
  declare markGroupMessageHasRead: (data: string, operationID?: string) => Promise<WsResponse>;
  declare markGroupMessageAsRead: (data: GroupMsgReadParams, operationID?: string) => Promise<WsResponse>;
  declare insertSingleMessageToLocalStorage: (data: InsertSingleMsgParams, operationID?: string) => Promise<WsResponse>;
  declare insertGroupMessageToLocalStorage: (data: InsertGroupMsgParams, operationID?: string) => Promise<WsResponse>;
  declare typingStatusUpdate: (data: TypingUpdateParams, operationID?: string) => Promise<WsResponse>;
  declare markC2CMessageAsRead: (data: MarkC2CParams, operationID?: string) => Promise<WsResponse>;
  declare markMessageAsReadByConID: (data: MarkNotiParams, operationID?: string) => Promise<WsResponse>;
  declare clearC2CHistoryMessage: (data: string, operationID?: string) => Promise<WsResponse>;
  declare clearGroupHistoryMessage: (data: string, operationID?: string) => Promise<WsResponse>;
  declare getAllConversationList: (operationID?: string) => Promise<WsResponse>;
  declare getConversationListSplit: (data: SplitParams, operationID?: string) => Promise<WsResponse>;
  declare getOneConversation: (data: GetOneCveParams, operationID?: string) => Promise<WsResponse>;
  declare getConversationIDBySessionType: (data: GetOneCveParams, operationID?: string) => Promise<WsResponse>;
  declare getMultipleConversation: (data: string[], operationID?: string) => Promise<WsResponse>;
  declare deleteConversation: (data: string, operationID?: string) => Promise<WsResponse>;
  declare setConversationDraft: (data: SetDraftParams, operationID?: string) => Promise<WsResponse>;
  declare pinConversation: (data: PinCveParams, operationID?: string) => Promise<WsResponse>;
  declare getTotalUnreadMsgCount: (operationID?: string) => Promise<WsResponse>;
  declare getConversationRecvMessageOpt: (data: string[], operationID?: string) => Promise<WsResponse>;
  declare setConversationRecvMessageOpt: (data: isRecvParams, operationID?: string) => Promise<WsResponse>;
  declare searchLocalMessages: (data: SearchLocalParams, operationID?: string) => Promise<WsResponse>;
  declare addFriend: (data: AddFriendParams, operationID?: string) => Promise<WsResponse>;
  declare getDesignatedFriendsInfo: (data: string[], operationID?: string) => Promise<WsResponse>;
  declare getRecvFriendApplicationList: (operationID?: string) => Promise<WsResponse>;
  declare getSendFriendApplicationList: (operationID?: string) => Promise<WsResponse>;
  declare getFriendList: (operationID?: string) => Promise<WsResponse>;
  declare setFriendRemark: (data: RemarkFriendParams, operationID?: string) => Promise<WsResponse>;
  declare checkFriend: (data: string[], operationID?: string) => Promise<WsResponse>;
  declare acceptFriendApplication: (data: AccessFriendParams, operationID?: string) => Promise<WsResponse>;
  declare refuseFriendApplication: (data: AccessFriendParams, operationID?: string) => Promise<WsResponse>;
  declare deleteFriend: (data: string, operationID?: string) => Promise<WsResponse>;
  declare addBlack: (data: string, operationID?: string) => Promise<WsResponse>;
  declare removeBlack: (data: string, operationID?: string) => Promise<WsResponse>;
  declare getBlackList: (operationID?: string) => Promise<WsResponse>;
  declare inviteUserToGroup: (data: InviteGroupParams, operationID?: string) => Promise<WsResponse>;
  declare kickGroupMember: (data: InviteGroupParams, operationID?: string) => Promise<WsResponse>;
  declare getGroupMembersInfo: (data: Omit<InviteGroupParams, 'reason'>, operationID?: string) => Promise<WsResponse>;
  declare getGroupMemberList: (data: GetGroupMemberParams, operationID?: string) => Promise<WsResponse>;
  declare getJoinedGroupList: (operationID?: string) => Promise<WsResponse>;
  declare createGroup: (data: CreateGroupParams, operationID?: string) => Promise<WsResponse>;
  declare setGroupInfo: (data: GroupInfoParams, operationID?: string) => Promise<WsResponse>;
  declare getGroupsInfo: (data: string[], operationID?: string) => Promise<WsResponse>;
  declare joinGroup: (data: JoinGroupParams, operationID?: string) => Promise<WsResponse>;
  declare quitGroup: (data: string, operationID?: string) => Promise<WsResponse>;
  declare dismissGroup: (data: string, operationID?: string) => Promise<WsResponse>;
  declare changeGroupMute: (data: ChangeGroupMuteParams, operationID?: string) => Promise<WsResponse>;
  declare changeGroupMemberMute: (data: ChangeGroupMemberMuteParams, operationID?: string) => Promise<WsResponse>;
  declare transferGroupOwner: (data: TransferGroupParams, operationID?: string) => Promise<WsResponse>;
  declare getSendGroupApplicationList: (operationID?: string) => Promise<WsResponse>;
  declare getRecvGroupApplicationList: (operationID?: string) => Promise<WsResponse>;
  declare acceptGroupApplication: (data: AccessGroupParams, operationID?: string) => Promise<WsResponse>;
  declare refuseGroupApplication: (data: AccessGroupParams, operationID?: string) => Promise<WsResponse>;
  declare signalingInvite: (data: RtcInvite, operationID?: string) => Promise<WsResponse>;
  declare signalingInviteInGroup: (data: RtcInvite, operationID?: string) => Promise<WsResponse>;
  declare signalingAccept: (data: RtcActionParams, operationID?: string) => Promise<WsResponse>;
  declare signalingReject: (data: RtcActionParams, operationID?: string) => Promise<WsResponse>;
  declare signalingCancel: (data: RtcActionParams, operationID?: string) => Promise<WsResponse>;
}
