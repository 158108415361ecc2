// The session, user, friend, group, signaling and upload methods of @openim/wasm-client-sdk 3.8's
// SDK object, as an app calls them: same names, parameters and results.
import type { LoginStatus, MessageReceiveOptType } from './enums.js';
import type {
  BlackUserItem,
  CallingRoomData,
  FriendApplicationItem,
  FriendshipInfo,
  FriendUserItem,
  GroupApplicationItem,
  GroupItem,
  GroupMemberItem,
  PublicUserItem,
  RtcInvite,
  RtcInviteResults,
  SearchedFriendsInfo,
  SelfUserInfo,
  SpeechToTextCapabilities,
  UserOnlineState,
  WsResponse,
} from './types/entity.js';
import type { OfflinePush } from './types/message.js';
import type {
  AccessFriendApplicationParams,
  AccessGroupApplicationParams,
  AccessToGroupParams,
  AddBlackParams,
  AddFriendParams,
  ChangeGroupMemberMuteParams,
  ChangeGroupMuteParams,
  CreateGroupParams,
  CustomSignalParams,
  GetFriendApplicationListAsApplicationParams,
  GetFriendApplicationListAsRecipientParams,
  GetGroupApplicationListParams,
  GetGroupMemberByTimeParams,
  GetGroupMemberParams,
  GetSelfUnhandledApplyCountParams,
  GetSpecifiedFriendsParams,
  JoinGroupParams,
  OffsetParams,
  PartialUserItem,
  PinFriendParams,
  RemarkFriendParams,
  RtcActionParams,
  SearchFriendParams,
  SearchGroupMemberParams,
  SearchGroupParams,
  SetFriendExParams,
  SetGroupMemberNickParams,
  SetGroupRoleParams,
  SetGroupVerificationParams,
  SetMemberPermissionParams,
  SignalingInviteParams,
  SpeechToTextParams,
  TransferGroupParams,
  UpdateFriendsParams,
  UpdateMemberInfoParams,
  UploadFileParams,
} from './types/params.js';

type R<T> = Promise<WsResponse<T>>;

/** The session, user, friend and group methods of the 3.x SDK object. */
export interface RelationApi {
  getLoginStatus: (operationID?: string) => R<LoginStatus>;
  setAppBackgroundStatus: <T>(data: boolean, operationID?: string) => R<T>;
  networkStatusChanged: <T>(operationID?: string) => R<T>;
  getLoginUserID: (operationID?: string) => R<string>;
  getSelfUserInfo: (operationID?: string) => R<SelfUserInfo>;
  getUsersInfo: (data: string[], operationID?: string) => R<PublicUserItem[]>;
  /** @deprecated Use setSelfInfo instead. */
  SetSelfInfoEx: <T>(data: PartialUserItem, operationID?: string) => R<T>;
  setSelfInfo: <T>(data: PartialUserItem, operationID?: string) => R<T>;
  addFriend: <T>(data: AddFriendParams, operationID?: string) => R<T>;
  searchFriends: (data: SearchFriendParams, operationID?: string) => R<SearchedFriendsInfo[]>;
  getSpecifiedFriendsInfo: (data: GetSpecifiedFriendsParams, operationID?: string) => R<FriendUserItem[]>;
  getFriendApplicationListAsRecipient: (data?: GetFriendApplicationListAsRecipientParams, operationID?: string) => R<FriendApplicationItem[]>;
  getFriendApplicationListAsApplicant: (data?: GetFriendApplicationListAsApplicationParams, operationID?: string) => R<FriendApplicationItem[]>;
  getFriendApplicationUnhandledCount: (data: GetSelfUnhandledApplyCountParams, operationID?: string) => R<number>;
  deleteFriendRequests: (params: Array<{ fromUserID: string; toUserID: string }>, operationID?: string) => R<void>;
  getFriendList: (filterBlack?: boolean, operationID?: string) => R<FriendUserItem[]>;
  getFriendListPage: (data: OffsetParams & { filterBlack?: boolean }, operationID?: string) => R<FriendUserItem[]>;
  updateFriends: <T>(data: UpdateFriendsParams, operationID?: string) => R<T>;
  /** @deprecated Use updateFriends instead. */
  setFriendRemark: <T>(data: RemarkFriendParams, operationID?: string) => R<T>;
  /** @deprecated Use updateFriends instead. */
  pinFriends: <T>(data: PinFriendParams, operationID?: string) => R<T>;
  /** @deprecated Use updateFriends instead. */
  setFriendsEx: <T>(data: SetFriendExParams, operationID?: string) => R<T>;
  checkFriend: (data: string[], operationID?: string) => R<FriendshipInfo[]>;
  acceptFriendApplication: <T>(data: AccessFriendApplicationParams, operationID?: string) => R<T>;
  refuseFriendApplication: <T>(data: AccessFriendApplicationParams, operationID?: string) => R<T>;
  deleteFriend: <T>(data: string, operationID?: string) => R<T>;
  addBlack: <T>(data: AddBlackParams, operationID?: string) => R<T>;
  removeBlack: <T>(data: string, operationID?: string) => R<T>;
  getBlackList: (operationID?: string) => R<BlackUserItem[]>;
  getSpecifiedGroupsInfo: (params: string[], operationID?: string) => R<GroupItem[]>;
  getGroupMemberList: (params: GetGroupMemberParams, operationID?: string) => R<GroupMemberItem[]>;
  inviteUserToGroup: <T>(data: AccessToGroupParams, operationID?: string) => R<T>;
  kickGroupMember: <T>(data: AccessToGroupParams, operationID?: string) => R<T>;
  isJoinGroup: <T>(data: string, operationID?: string) => R<T>;
  getSpecifiedGroupMembersInfo: (data: Omit<AccessToGroupParams, 'reason'>, operationID?: string) => R<GroupMemberItem[]>;
  getUsersInGroup: (data: Omit<AccessToGroupParams, 'reason'>, operationID?: string) => R<string[]>;
  getGroupMemberListByJoinTimeFilter: (data: GetGroupMemberByTimeParams, operationID?: string) => R<GroupMemberItem[]>;
  searchGroupMembers: (data: SearchGroupMemberParams, operationID?: string) => R<GroupMemberItem[]>;
  /** @deprecated Use setGroupInfo instead. */
  setGroupApplyMemberFriend: <T>(data: SetMemberPermissionParams, operationID?: string) => R<T>;
  /** @deprecated Use setGroupInfo instead. */
  setGroupLookMemberInfo: <T>(data: SetMemberPermissionParams, operationID?: string) => R<T>;
  getJoinedGroupList: (operationID?: string) => R<GroupItem[]>;
  getJoinedGroupListPage: (data: OffsetParams, operationID?: string) => R<GroupItem[]>;
  createGroup: (data: CreateGroupParams, operationID?: string) => R<GroupItem>;
  setGroupInfo: <T>(data: Partial<GroupItem> & { groupID: string }, operationID?: string) => R<T>;
  /** @deprecated Use setGroupMemberInfo instead. */
  setGroupMemberNickname: <T>(data: SetGroupMemberNickParams, operationID?: string) => R<T>;
  setGroupMemberInfo: <T>(data: UpdateMemberInfoParams, operationID?: string) => R<T>;
  joinGroup: <T>(data: JoinGroupParams, operationID?: string) => R<T>;
  searchGroups: (data: SearchGroupParams, operationID?: string) => R<GroupItem[]>;
  quitGroup: <T>(data: string, operationID?: string) => R<T>;
  dismissGroup: <T>(data: string, operationID?: string) => R<T>;
  changeGroupMute: <T>(data: ChangeGroupMuteParams, operationID?: string) => R<T>;
  changeGroupMemberMute: <T>(data: ChangeGroupMemberMuteParams, operationID?: string) => R<T>;
  transferGroupOwner: <T>(data: TransferGroupParams, operationID?: string) => R<T>;
  getGroupApplicationListAsApplicant: (data?: GetGroupApplicationListParams, operationID?: string) => R<GroupApplicationItem[]>;
  getGroupApplicationListAsRecipient: (data?: GetGroupApplicationListParams, operationID?: string) => R<GroupApplicationItem[]>;
  getGroupApplicationUnhandledCount: (data: GetSelfUnhandledApplyCountParams, operationID?: string) => R<number>;
  deleteGroupRequests: (params: Array<{ fromUserID: string; groupID: string }>, operationID?: string) => R<void>;
  acceptGroupApplication: <T>(data: AccessGroupApplicationParams, operationID?: string) => R<T>;
  refuseGroupApplication: <T>(data: AccessGroupApplicationParams, operationID?: string) => R<T>;
  /** @deprecated Use setGroupMemberInfo instead. */
  setGroupMemberRoleLevel: <T>(data: SetGroupRoleParams, operationID?: string) => R<T>;
  /** @deprecated Use setGroupInfo instead. */
  setGroupVerification: <T>(data: SetGroupVerificationParams, operationID?: string) => R<T>;
  getGroupMemberOwnerAndAdmin: (data: string, operationID?: string) => R<GroupMemberItem[]>;
  /** @deprecated Use setSelfInfo instead. */
  setGlobalRecvMessageOpt: <T>(opt: MessageReceiveOptType, operationID?: string) => R<T>;
  uploadFile: (data: UploadFileParams, operationID?: string) => R<{ url: string }>;
  subscribeUsersStatus: (data: string[], operationID?: string) => R<UserOnlineState[]>;
  unsubscribeUsersStatus: (data: string[], operationID?: string) => R<UserOnlineState[]>;
  getUserStatus: (operationID?: string) => R<UserOnlineState[]>;
  getSubscribeUsersStatus: (operationID?: string) => R<UserOnlineState[]>;
  signalingInvite: (data: SignalingInviteParams, operationID?: string) => R<RtcInviteResults>;
  signalingInviteInGroup: (data: SignalingInviteParams, operationID?: string) => R<RtcInviteResults>;
  signalingAccept: (data: RtcActionParams, operationID?: string) => R<RtcInviteResults>;
  signalingReject: <T>(data: RtcActionParams, operationID?: string) => R<T>;
  signalingCancel: <T>(data: RtcActionParams, operationID?: string) => R<T>;
  signalingHungUp: <T>(data: RtcActionParams, operationID?: string) => R<T>;
  signalingGetRoomByGroupID: (groupID: string, operationID?: string) => R<CallingRoomData>;
  signalingGetTokenByRoomID: (roomID: string, operationID?: string) => R<RtcInviteResults>;
  getSignalingInvitationInfoStartApp: (operationID?: string) => R<{ invitation: RtcInvite | null; offlinePushInfo: OfflinePush }>;
  signalingSendCustomSignal: <T>(data: CustomSignalParams, operationID?: string) => R<T>;
  speechToText: (data: SpeechToTextParams, operationID?: string) => R<{ text: string }>;
  speechToTextCapabilities: (operationID?: string) => R<SpeechToTextCapabilities>;
  /** Registers a file for the native uploader; there is none here, so it rejects. */
  fileMapSet: (uuid: string, file: File) => Promise<unknown>;
}
