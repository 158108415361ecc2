/**
 * An app written against open-im-sdk 2.0.3's own declarations (`index.d.ts`, `types/index.d.ts`),
 * in the style of its docs and demo. test/types.test.ts compiles it twice, once with
 * `open-im-sdk` resolving to the vendor's package and once to ours: both must report no error.
 * Never run, only compiled; kept out of the package's tsconfig because it must not change to suit ours.
 */
import { CbEvents, emitter, OpenIMSDK, RequestFunc, uuid } from 'open-im-sdk';
// biome-ignore lint/style/useImportType: written as open-im-sdk's users write it (no `import type`).
import {
  AccessFriendParams,
  AtMsgParams,
  BlackItem,
  ConversationItem,
  CreateGroupParams,
  CustomMsgParams,
  FriendApplicationItem,
  FriendItem,
  FriendRelationItem,
  FullUserItem,
  GetGroupMemberParams,
  GetHistoryMsgParams,
  GroupApplicationItem,
  GroupInfoParams,
  GroupItem,
  GroupMemberItem,
  GroupRole,
  GroupStatus,
  ImageMsgParams,
  InitConfig,
  isRecvParams,
  MergerMsgParams,
  MessageItem,
  MessageStatus,
  MessageType,
  OfflinePush,
  OptType,
  PartialUserItem,
  Platform,
  SendMsgParams,
  SessionType,
  TotalUserStruct,
  WsResponse,
} from 'open-im-sdk/types';

const openIM = new OpenIMSDK();

// ——— login ———
const config: InitConfig = { userID: 'alice', token: 'token', url: 'ws://localhost:30000', platformID: Platform.Web };
async function start(): Promise<string> {
  const res: WsResponse = await openIM.login(config);
  const status = await openIM.getLoginStatus();
  const me: FullUserItem = JSON.parse((await openIM.getSelfUserInfo()).data);
  return `${res.errCode} ${status.data} ${me.nickname} ${res.event === RequestFunc.LOGIN}`;
}
openIM.login({ ...config, operationID: uuid('alice') }).catch((err: WsResponse) => console.error(err.errCode, err.errMsg));

// ——— listeners ———
const messages: MessageItem[] = [];
openIM.on(CbEvents.ONRECVNEWMESSAGE, (res) => {
  const message: MessageItem = JSON.parse(res.data);
  messages.push(message);
  if (message.contentType === MessageType.TEXTMESSAGE) console.log(message.content);
  else if (message.contentType === MessageType.PICTUREMESSAGE) console.log(message.pictureElem.sourcePicture.url);
  else if (message.contentType === MessageType.QUOTEMESSAGE) console.log(message.quoteElem.quoteMessage.clientMsgID);
  if (message.sessionType === SessionType.Group) console.log(message.groupID, message.atElem.atUserList.length);
});
const onConversationChanged = (res: WsResponse) => {
  const list: ConversationItem[] = JSON.parse(res.data);
  for (const conversation of list) {
    const latest: MessageItem | null = conversation.latestMsg ? JSON.parse(conversation.latestMsg) : null;
    console.log(conversation.showName, conversation.unreadCount, latest?.sendTime, conversation.recvMsgOpt === OptType.Mute);
  }
};
openIM.on(CbEvents.ONCONVERSATIONCHANGED, onConversationChanged);
openIM.on(CbEvents.ONNEWCONVERSATION, onConversationChanged);
openIM.on(CbEvents.ONTOTALUNREADMESSAGECOUNTCHANGED, ({ data }) => console.log(Number(data)));
openIM.on(CbEvents.ONKICKEDOFFLINE, () => openIM.logout());
openIM.on(CbEvents.ONFRIENDAPPLICATIONADDED, (res: WsResponse) => {
  const application: FriendApplicationItem = JSON.parse(res.data);
  console.log(application.fromNickname, application.reqMsg);
});
openIM.on(CbEvents.ONRECVMESSAGEREVOKED, function (this: void, res: WsResponse) {
  console.log(messages.filter((m) => m.clientMsgID !== res.data));
});
openIM.off(CbEvents.ONCONVERSATIONCHANGED, onConversationChanged);
const events: CbEvents[] = [CbEvents.ONCONNECTSUCCESS, CbEvents.ONCONNECTFAILED];
const handlers: Partial<Record<RequestFunc, (res: WsResponse) => void>> = { [RequestFunc.SENDMESSAGE]: (res) => console.log(res.data) };

// ——— messages ———
async function sendText(recvID: string, text: string): Promise<MessageItem> {
  const created = await openIM.createTextMessage(text);
  const offlinePushInfo: OfflinePush = { title: 'New message', desc: text, ex: '', iOSPushSound: '+1', iOSBadgeCount: true };
  const params: SendMsgParams = { recvID, groupID: '', message: created.data, offlinePushInfo };
  const sent = await openIM.sendMessage(params);
  handlers[sent.event]?.(sent);
  return JSON.parse(sent.data) as MessageItem;
}
async function sendRich(groupID: string): Promise<void> {
  const at: AtMsgParams = { text: '@bob hi', atUserIDList: ['bob'] };
  const picture = { uuid: 'u', type: 'png', size: 1, width: 2, height: 3, url: 'https://x/y.png' };
  const image: ImageMsgParams = { sourcePicture: picture, bigPicture: picture, snapshotPicture: picture };
  const custom: CustomMsgParams = { data: JSON.stringify({ kind: 'card' }), extension: '', description: 'card' };
  for (const created of await Promise.all([openIM.createTextAtMessage(at), openIM.createImageMessage(image), openIM.createCustomMessage(custom)])) {
    await openIM.sendMessage({ recvID: '', groupID, message: created.data });
  }
  const quote = await openIM.createQuoteMessage({ text: 'yes', message: JSON.stringify(messages[0]) });
  await openIM.sendMessageNotOss({ recvID: '', groupID, message: quote.data });
  const merger: MergerMsgParams = { messageList: messages.slice(0, 2), title: 'Chat', summaryList: ['a: hi'] };
  await openIM.createMergerMessage(merger);
  await openIM.createLocationMessage({ description: 'here', longitude: 1.5, latitude: 2.5 });
  await openIM.createFaceMessage({ index: 1, data: '' });
}
let openConversationID: string | undefined;
async function history(userID: string): Promise<MessageItem[]> {
  const options: GetHistoryMsgParams = { userID, groupID: '', count: 20, startClientMsgID: '', conversationID: openConversationID };
  const { data } = await openIM.getHistoryMessageList(options);
  const page: MessageItem[] = JSON.parse(data);
  const last = page[page.length - 1];
  if (last && last.status === MessageStatus.Succeed) await openIM.revokeMessage(JSON.stringify(last));
  await openIM.markC2CMessageAsRead({ userID, msgIDList: page.map((m) => m.clientMsgID) });
  await openIM.typingStatusUpdate({ recvID: userID, msgTip: 'typing' });
  await openIM.deleteMessageFromLocalStorage(JSON.stringify(page[0]));
  await openIM.insertSingleMessageToLocalStorage({ message: JSON.stringify(page[0]), recvID: userID, sendID: 'alice' });
  await openIM.searchLocalMessages({ sourceID: userID, sessionType: SessionType.Single, keywordList: ['hi'], count: 10 });
  return page;
}

// ——— conversations ———
async function conversations(): Promise<ConversationItem[]> {
  const res = await openIM.getAllConversationList();
  const all: ConversationItem[] = JSON.parse(res.data);
  const pinned = all.filter((c) => c.isPinned).map((c) => c.conversationID);
  const page = await openIM.getConversationListSplit({ offset: 0, count: 20 });
  const one = await openIM.getOneConversation({ sourceID: 'bob', sessionType: SessionType.Single });
  const single: ConversationItem = JSON.parse(one.data);
  await openIM.setConversationDraft({ conversationID: single.conversationID, draftText: 'draft' });
  await openIM.pinConversation({ conversationID: single.conversationID, isPinned: !single.isPinned });
  const opt: isRecvParams = { conversationIDList: pinned, opt: OptType.WithoutNotify };
  await openIM.setConversationRecvMessageOpt(opt);
  await openIM.markMessageAsReadByConID({ conversationID: single.conversationID, msgIDList: [] });
  const unread: number = Number((await openIM.getTotalUnreadMsgCount()).data);
  console.log(page.data, unread);
  await openIM.deleteConversation(single.conversationID);
  return all;
}

// ——— users and friends ———
async function friends(): Promise<void> {
  const self: PartialUserItem = { userID: 'alice', nickname: 'Alice', gender: 2 };
  await openIM.setSelfInfo(self);
  const users: TotalUserStruct[] = JSON.parse((await openIM.getUsersInfo(['bob'])).data);
  console.log(users.map((u) => u.publicInfo?.nickname ?? u.friendInfo?.remark));
  await openIM.addFriend({ toUserID: 'bob', reqMsg: 'hi' });
  const received: FriendApplicationItem[] = JSON.parse((await openIM.getRecvFriendApplicationList()).data);
  for (const application of received.filter((a) => a.handleResult === 0)) {
    const accept: AccessFriendParams = { toUserID: application.fromUserID, handleMsg: 'welcome' };
    await openIM.acceptFriendApplication(accept);
  }
  const list: FriendItem[] = JSON.parse((await openIM.getFriendList()).data);
  const relations: FriendRelationItem[] = JSON.parse((await openIM.checkFriend(list.map((f) => f.userID))).data);
  await openIM.setFriendRemark({ toUserID: 'bob', remark: 'Bobby' });
  await openIM.addBlack('carol');
  const blocked: BlackItem[] = JSON.parse((await openIM.getBlackList()).data);
  console.log(relations.filter((r) => r.result === 1).length, blocked.map((b) => b.nickname));
  await openIM.removeBlack('carol');
  await openIM.deleteFriend('bob');
}

// ——— groups ———
async function groups(): Promise<GroupItem> {
  const params: CreateGroupParams = {
    groupBaseInfo: { groupType: 0, groupName: 'Team', introduction: 'the team', faceURL: '' },
    memberList: [
      { userID: 'bob', roleLevel: GroupRole.Nomal },
      { userID: 'carol', roleLevel: GroupRole.Admin },
    ],
  };
  const group: GroupItem = JSON.parse((await openIM.createGroup(params)).data);
  if (group.status === GroupStatus.Muted) console.log('muted');
  const info: GroupInfoParams = { groupID: group.groupID, groupInfo: { notification: 'hello' } };
  await openIM.setGroupInfo(info);
  const query: GetGroupMemberParams = { groupID: group.groupID, filter: 0, offset: 0, count: 100 };
  const members: GroupMemberItem[] = JSON.parse((await openIM.getGroupMemberList(query)).data);
  const admins = members.filter((m) => m.roleLevel === GroupRole.Admin || m.roleLevel === GroupRole.Owner);
  await openIM.getGroupMembersInfo({ groupID: group.groupID, userIDList: admins.map((m) => m.userID) });
  await openIM.inviteUserToGroup({ groupID: group.groupID, reason: 'join us', userIDList: ['dave'] });
  await openIM.kickGroupMember({ groupID: group.groupID, reason: '', userIDList: ['dave'] });
  await openIM.changeGroupMemberMute({ groupID: group.groupID, userID: 'bob', mutedSeconds: 60 });
  await openIM.changeGroupMute({ groupID: group.groupID, isMute: true });
  const applications: GroupApplicationItem[] = JSON.parse((await openIM.getRecvGroupApplicationList()).data);
  for (const a of applications) await openIM.acceptGroupApplication({ groupID: a.groupID, fromUserID: a.userID, handleMsg: 'ok' });
  const joined: GroupItem[] = JSON.parse((await openIM.getJoinedGroupList()).data);
  await openIM.getGroupsInfo(joined.map((g) => g.groupID));
  await openIM.transferGroupOwner({ groupID: group.groupID, newOwnerUserID: 'bob' });
  await openIM.joinGroup({ groupID: 'other', reqMsg: 'let me in' });
  await openIM.quitGroup('other');
  await openIM.dismissGroup(group.groupID);
  return group;
}

// ——— the emitter on its own, and objects passed around ———
class Bus extends emitter {}
const bus = new Bus();
bus.on(CbEvents.ONCONNECTSUCCESS, (res) => console.log(res.errMsg));
const asRecord = (message: MessageItem, conversation: ConversationItem): Record<string, unknown>[] => [message, conversation];
const group: Partial<GroupItem> = {};
const relay = (data: string) => data.length;
openIM.on(CbEvents.ONSELFINFOUPDATED, (res) => relay(res.data));

// ——— what the declarations refuse (an `any` in ours would leave these directives unused, an error) ———
async function mistakes(message: MessageItem, conversation: ConversationItem): Promise<void> {
  // @ts-expect-error recvID is a string
  await openIM.sendMessage({ recvID: 1, groupID: '', message: '' });
  // @ts-expect-error a group needs its groupType
  await openIM.createGroup({ groupBaseInfo: { groupName: 'x' }, memberList: [] });
  // @ts-expect-error createTextMessage takes the text itself
  await openIM.createTextMessage({ text: 'hi' });
  // @ts-expect-error content is a string
  const length: number = message.content;
  // @ts-expect-error latestMsg is JSON text, not a MessageItem
  const latest: MessageItem = conversation.latestMsg;
  // @ts-expect-error no such member
  console.log(length, latest, MessageType.STICKER, openIM.getFriendsList);
  // @ts-expect-error no such event
  openIM.on(CbEvents.ONMESSAGE, () => {});
}

export { asRecord, conversations, events, friends, group, groups, history, mistakes, sendRich, sendText, start };
