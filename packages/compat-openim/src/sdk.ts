import { conversationsArea } from './areas/conversations/index.js';
import { groupsArea } from './areas/groups/index.js';
import { messagesArea } from './areas/messages/index.js';
import { relationsArea } from './areas/relations/index.js';
import { RequestFunc } from './constants.js';
import { LoginStatus, OpenImCore } from './core.js';
import { V2 } from './dialect.js';
import Emitter from './emitter.js';
import { OpenImCode, OpenImError } from './errors.js';
import { type Area, bind, type MethodTable } from './method.js';
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

/** Every method of open-im-sdk 2.0.3's `OpenIMSDK` besides login/logout/on/off, in its order. */
export const METHOD_NAMES = [
  'getLoginStatus',
  'getLoginUser',
  'getSelfUserInfo',
  'getUsersInfo',
  'setSelfInfo',
  'createTextMessage',
  'createTextAtMessage',
  'createImageMessage',
  'createSoundMessage',
  'createVideoMessage',
  'createFileMessage',
  'createFileMessageFromFullPath',
  'createImageMessageFromFullPath',
  'createSoundMessageFromFullPath',
  'createVideoMessageFromFullPath',
  'createMergerMessage',
  'createForwardMessage',
  'createFaceMessage',
  'createLocationMessage',
  'createCustomMessage',
  'createQuoteMessage',
  'createCardMessage',
  'sendMessage',
  'sendMessageNotOss',
  'getHistoryMessageList',
  'revokeMessage',
  'setOneConversationPrivateChat',
  'deleteMessageFromLocalStorage',
  'deleteMessageFromLocalAndSvr',
  'deleteConversationFromLocalAndSvr',
  'deleteAllMsgFromLocal',
  'deleteAllMsgFromLocalAndSvr',
  'markGroupMessageHasRead',
  'markGroupMessageAsRead',
  'insertSingleMessageToLocalStorage',
  'insertGroupMessageToLocalStorage',
  'typingStatusUpdate',
  'markC2CMessageAsRead',
  'markMessageAsReadByConID',
  'clearC2CHistoryMessage',
  'clearGroupHistoryMessage',
  'getAllConversationList',
  'getConversationListSplit',
  'getOneConversation',
  'getConversationIDBySessionType',
  'getMultipleConversation',
  'deleteConversation',
  'setConversationDraft',
  'pinConversation',
  'getTotalUnreadMsgCount',
  'getConversationRecvMessageOpt',
  'setConversationRecvMessageOpt',
  'searchLocalMessages',
  'addFriend',
  'getDesignatedFriendsInfo',
  'getRecvFriendApplicationList',
  'getSendFriendApplicationList',
  'getFriendList',
  'setFriendRemark',
  'checkFriend',
  'acceptFriendApplication',
  'refuseFriendApplication',
  'deleteFriend',
  'addBlack',
  'removeBlack',
  'getBlackList',
  'inviteUserToGroup',
  'kickGroupMember',
  'getGroupMembersInfo',
  'getGroupMemberList',
  'getJoinedGroupList',
  'createGroup',
  'setGroupInfo',
  'getGroupsInfo',
  'joinGroup',
  'quitGroup',
  'dismissGroup',
  'changeGroupMute',
  'changeGroupMemberMute',
  'transferGroupOwner',
  'getSendGroupApplicationList',
  'getRecvGroupApplicationList',
  'acceptGroupApplication',
  'refuseGroupApplication',
  'signalingInvite',
  'signalingInviteInGroup',
  'signalingAccept',
  'signalingReject',
  'signalingCancel',
] as const;

/** The session methods, answered from the SDK object's own state. */
const session: MethodTable = {
  getLoginStatus: { event: RequestFunc.GETLOGINSTATUS, noData: true, ungated: true, run: (core) => String(core.status) },
  getLoginUser: { event: RequestFunc.GETLOGINUSER, noData: true, ungated: true, run: (core) => (core.status === LoginStatus.LOGGED_IN ? core.userId : '') },
};

/** The areas behind the SDK object, each a method table and its event translation. */
export const AREAS: readonly Area[] = [{ methods: session, wirings: [] }, messagesArea, conversationsArea, relationsArea, groupsArea];

/** A method this server cannot serve (2.0.3's audio/video signaling): a clear refusal, 804. */
function unsupported(name: string): MethodTable[string] {
  return {
    event: name.charAt(0).toUpperCase() + name.slice(1),
    run: () => {
      throw new OpenImError(OpenImCode.API, `${name} is not supported by this server`);
    },
  };
}

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
    const core = new OpenImCore(this, V2, AREAS.flatMap((area) => area.wirings));
    this.#core = core;
    const table: MethodTable = Object.assign({}, ...AREAS.map((area) => area.methods));
    for (const name of METHOD_NAMES) {
      Object.defineProperty(this, name, { value: bind(core, table[name] ?? unsupported(name)), enumerable: true, writable: true, configurable: true });
    }
  }

  /** Connects to `config.url` and logs in; resolves when the session is up. */
  login(config: InitConfig): Promise<WsResponse> {
    return this.#core.login(config) as Promise<WsResponse>;
  }

  /** Logs out and closes the connection; no reconnect follows. */
  logout(operationID?: string): Promise<WsResponse> {
    return this.#core.logout(operationID) as Promise<WsResponse>;
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
