/**
 * An app written against @openim/wasm-client-sdk 3.8.5's own declarations, in the style of its
 * docs and demo: the root entry and the deep type paths. test/wasm-types.test.ts compiles it with
 * `@openim/wasm-client-sdk` resolving to the vendor's package and to ours: both must report no
 * error. Never run, only compiled; kept out of the package's tsconfig because it must not change
 * to suit ours.
 */
import {
  CbEvents,
  type ConversationItem,
  GroupMemberFilter,
  GroupMemberRole,
  getSDK,
  LoginStatus,
  type MessageItem,
  MessageReceiveOptType,
  MessageType,
  SessionType,
  ViewType,
  type WSEvent,
  type WsResponse,
} from '@openim/wasm-client-sdk';
import type { FriendUserItem, GroupItem, GroupMemberItem, RevokedInfo, SelfUserInfo } from '@openim/wasm-client-sdk/lib/types/entity';
import type { GetAdvancedHistoryMsgParams, InitAndLoginConfig, SendMsgParams } from '@openim/wasm-client-sdk/lib/types/params';

const IMSDK = getSDK({ coreWasmPath: './openIM.wasm', sqlWasmPath: '/sql-wasm.wasm', debug: false });
type IMSDKType = ReturnType<typeof getSDK>;
const sdk: IMSDKType = IMSDK;

const shown: MessageItem[] = [];
const render = (message: MessageItem): void => {
  shown.push(message);
};

// ——— events: data typed per event ———
const onMessages = ({ data }: WSEvent<MessageItem[]>): void => data.forEach(render);
sdk.on(CbEvents.OnRecvNewMessages, onMessages);
sdk.on(CbEvents.OnRecvNewMessage, ({ data }) => render(data));
sdk.on(CbEvents.OnConversationChanged, ({ data }) => {
  const ids: string[] = data.map((c: ConversationItem) => c.conversationID);
  return ids;
});
sdk.on(CbEvents.OnNewConversation, ({ data }) => data.length);
sdk.on(CbEvents.OnTotalUnreadMessageCountChanged, ({ data }) => {
  const unread: number = data;
  return unread;
});
sdk.on(CbEvents.OnNewRecvMessageRevoked, ({ data }) => {
  const info: RevokedInfo = data;
  return info.clientMsgID;
});
sdk.on(CbEvents.OnGroupMemberInfoChanged, ({ data }) => data.roleLevel === GroupMemberRole.Admin);
sdk.on(CbEvents.OnFriendAdded, ({ data }) => data.remark);
sdk.on(CbEvents.OnConnectSuccess, () => undefined);
sdk.on(CbEvents.OnKickedOffline, ({ errCode }) => errCode);
sdk.off(CbEvents.OnRecvNewMessages, onMessages);

export async function main(token: string): Promise<void> {
  const config: InitAndLoginConfig = { userID: 'alice', token, platformID: 5, apiAddr: 'https://im.example.com/api', wsAddr: 'wss://im.example.com/msg_gateway' };
  await IMSDK.login(config);
  const { data: status } = await IMSDK.getLoginStatus();
  if (status !== LoginStatus.Logged) return;
  const { data: userID } = await IMSDK.getLoginUserID();
  const { data: self } = await IMSDK.getSelfUserInfo();
  const me: SelfUserInfo = self;

  // ——— messages ———
  const { data: message } = await IMSDK.createTextMessage(`hi from ${me.nickname || userID}`);
  const params: SendMsgParams = { recvID: 'bob', groupID: '', message };
  const { data: sent } = await IMSDK.sendMessage(params);
  const text: string | undefined = sent.textElem?.content;
  if (sent.sessionType === SessionType.Group || sent.contentType !== MessageType.TextMessage) return;
  const { data: at } = await IMSDK.createTextAtMessage({ text: '@bob', atUserIDList: ['bob'] });
  await IMSDK.sendMessage({ recvID: '', groupID: 'g1', message: at });
  await IMSDK.createForwardMessage(sent);
  await IMSDK.createCardMessage({ userID: 'bob', nickname: 'Bob', faceURL: '', ex: '' });
  await IMSDK.revokeMessage({ conversationID: 'si_alice_bob', clientMsgID: sent.clientMsgID });
  await IMSDK.deleteMessage({ conversationID: 'si_alice_bob', clientMsgID: sent.clientMsgID });

  const history: GetAdvancedHistoryMsgParams = { conversationID: 'si_alice_bob', startClientMsgID: '', count: 20, viewType: ViewType.History };
  const {
    data: { messageList, isEnd },
  } = await IMSDK.getAdvancedHistoryMessageList(history);
  messageList.forEach(render);

  // ——— conversations ———
  const { data: conversations } = await IMSDK.getAllConversationList();
  const latest: MessageItem | undefined = conversations[0] ? (JSON.parse(conversations[0].latestMsg) as MessageItem) : undefined;
  await IMSDK.markConversationMessageAsRead('si_alice_bob');
  await IMSDK.setConversation({ conversationID: 'si_alice_bob', isPinned: true, recvMsgOpt: MessageReceiveOptType.NotNotify });
  await IMSDK.pinConversation({ conversationID: 'sg_g1', isPinned: false });
  const { data: unread } = await IMSDK.getTotalUnreadMsgCount();
  const { data: conversationID } = await IMSDK.getConversationIDBySessionType({ sourceID: 'bob', sessionType: SessionType.Single });

  // ——— relations and groups ———
  const { data: friends } = await IMSDK.getFriendList(true);
  const remarks = friends.map((f: FriendUserItem) => f.remark);
  await IMSDK.addBlack({ toUserID: 'mallory' });
  await IMSDK.acceptFriendApplication({ toUserID: 'carol', handleMsg: 'welcome' });
  const { data: group } = await IMSDK.createGroup({ memberUserIDs: ['bob'], groupInfo: { groupName: 'team' } });
  await IMSDK.setGroupInfo({ groupID: group.groupID, groupName: 'renamed' });
  const { data: members } = await IMSDK.getGroupMemberList({ groupID: group.groupID, filter: GroupMemberFilter.All, offset: 0, count: 100 });
  const owners: GroupMemberItem[] = members.filter((m) => m.roleLevel === GroupMemberRole.Owner);
  const { data: groups } = await IMSDK.getJoinedGroupList();
  const names = groups.map((g: GroupItem) => g.groupName);

  await IMSDK.logout().catch((error: WsResponse<unknown>) => error.errCode);
  console.log(text, isEnd, latest, unread + 1, conversationID.length, remarks, owners, names);
}
