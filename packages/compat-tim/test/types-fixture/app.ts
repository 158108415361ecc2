/**
 * An app written against tim-js-sdk 2.27.6's own declarations (`tim-js.d.ts`), in the style
 * its docs and demos use. test/types.test.ts compiles it twice, once with `tim-js-sdk` resolving
 * to the vendor's package and once to ours: both must report no error. Never run, only compiled;
 * kept out of the package's tsconfig because it must not change to suit ours.
 */
// biome-ignore lint/style/useImportType: written as tim-js-sdk's users write it (no `import type`).
import TIM, {
  ChatSDK,
  Conversation,
  Friend,
  FriendApplication,
  FriendGroup,
  Group,
  GroupMember,
  Message,
  Profile,
  SimplifiedMessage,
  Topic,
} from 'tim-js-sdk';

// ——— create, plugins, log level ———
const options = { SDKAppID: 1400000000 };
const tim: ChatSDK = TIM.create(options);
TIM.create({ SDKAppID: 1400000000, oversea: false });
tim.setLogLevel(0);
tim.registerPlugin({ 'tim-upload-plugin': {} });

// ——— enums as values and as types ———
const c2c: TIM.TYPES = TIM.TYPES.CONV_C2C;
const groupType: TIM.TYPES.GRP_PUBLIC = TIM.TYPES.GRP_PUBLIC;
const readyEvent: TIM.EVENT = TIM.EVENT.SDK_READY;
const markStar: number = TIM.TYPES.CONV_MARK_TYPE_STAR;
const atAll: string = TIM.TYPES.MSG_AT_ALL;

// ——— events ———
interface TimEvent<T> {
  name: string;
  data: T;
}
let ready = false;
const onReady = (event: { name: string }) => {
  ready = event.name === TIM.EVENT.SDK_READY;
};
const onMessageReceived = (event: { name: string; data: Message[] }) => {
  for (const message of event.data) render(message);
};
const onConversations = (event: TimEvent<Conversation[]>) => {
  const unread = event.data.reduce((n, c) => n + c.unreadCount, 0);
  const titles = event.data.map((c) => (c.type === TIM.TYPES.CONV_GROUP ? c.groupProfile.name : c.userProfile.nick || c.remark));
  console.log(unread, titles, event.data.map((c) => c.lastMessage.messageForShow));
};
const onKicked = (event: { name: string; data: { type: TIM.TYPES } }) => {
  if (event.data.type === TIM.TYPES.KICKED_OUT_MULT_ACCOUNT) console.log('kicked');
};
const onNetState = function (this: unknown, event: { data: { state: string } }) {
  console.log(event.data.state === TIM.TYPES.NET_STATE_CONNECTED);
};
tim.on(TIM.EVENT.SDK_READY, onReady);
tim.on(TIM.EVENT.MESSAGE_RECEIVED, onMessageReceived);
tim.on(TIM.EVENT.CONVERSATION_LIST_UPDATED, onConversations, {});
tim.on(TIM.EVENT.KICKED_OUT, onKicked);
tim.on(TIM.EVENT.NET_STATE_CHANGE, onNetState);
tim.on(TIM.EVENT.ERROR, (event: TimEvent<{ code: number; message: string }>) => console.warn(event.data.code, event.data.message));
tim.off(TIM.EVENT.MESSAGE_RECEIVED, onMessageReceived);
tim.off(TIM.EVENT.SDK_READY, onReady);

// ——— messages ———
function render(message: Message): string {
  const mine = message.flow === 'out';
  const failed = message.status === 'fail';
  if (message.type === TIM.TYPES.MSG_TEXT) return `${mine ? '>' : '<'} ${message.payload.text}${failed ? ' (!)' : ''}`;
  if (message.type === TIM.TYPES.MSG_IMAGE) return message.payload.imageInfoArray[0].url;
  if (message.type === TIM.TYPES.MSG_GRP_TIP) return String(message.payload.operationType);
  if (message.conversationType === TIM.TYPES.CONV_SYSTEM) return message.payload.groupProfile.groupID;
  return `${message.nick || message.from} ${message.time} ${message.isRevoked} ${message.atUserList.join(',')} ${message.readReceiptInfo.readCount}`;
}

async function chat(userSig: string): Promise<void> {
  const login = await tim.login({ userID: 'alice', userSig });
  if (login.data.repeatLogin === true) console.log(login.data.errorInfo);

  const text = tim.createTextMessage({ to: 'bob', conversationType: TIM.TYPES.CONV_C2C, payload: { text: 'hi' }, cloudCustomData: '' });
  const sent = await tim.sendMessage(text, { onlineUserOnly: false, offlinePushInfo: { title: 'hi', disablePush: false } });
  render(sent.data.message);
  tim.sendMessage(text).catch((error: { code: number; data: { message: Message } }) => tim.resendMessage(error.data.message));

  const at = tim.createTextAtMessage({ to: 'g1', conversationType: TIM.TYPES.CONV_GROUP, payload: { text: '@all hi', atUserList: [TIM.TYPES.MSG_AT_ALL] }, priority: TIM.TYPES.MSG_PRIORITY_HIGH });
  const input = document.getElementById('file') as HTMLInputElement;
  const image = tim.createImageMessage({
    to: 'bob',
    conversationType: c2c,
    payload: { file: input },
    onProgress: (percent: number) => console.log(percent),
  });
  const custom = tim.createCustomMessage({ to: 'bob', conversationType: TIM.TYPES.CONV_C2C, payload: { data: 'dice', description: '', extension: '' }, needReadReceipt: true });
  const merged = tim.createMergerMessage({ to: 'bob', conversationType: TIM.TYPES.CONV_C2C, payload: { messageList: [text, custom], title: 't', abstractList: ['a'], compatibleText: 'c' } });
  const entries: SimplifiedMessage[] = merged.payload.messageList;
  await Promise.all([tim.sendMessage(at), tim.sendMessage(image), tim.sendMessage(merged)]);
  console.log(entries.length);

  let nextReqMessageID: string | undefined;
  let isCompleted = false;
  const history: Message[] = [];
  while (!isCompleted) {
    const page = await tim.getMessageList({ conversationID: 'C2Cbob', nextReqMessageID });
    history.unshift(...(page.data.messageList as Message[]));
    nextReqMessageID = page.data.nextReqMessageID;
    isCompleted = page.data.isCompleted;
  }
  await tim.getMessageListHopping({ conversationID: 'GROUPg1', sequence: 10, direction: 0 });
  await tim.setMessageRead({ conversationID: 'C2Cbob' });
  await tim.revokeMessage(text);
  await tim.deleteMessage([custom]);
  await tim.modifyMessage(text);
  await tim.sendMessageReadReceipt(history);
  await tim.getMessageReadReceiptList([text]);
  await tim.getGroupMessageReadMemberList({ message: at, cursor: '', filter: 0, count: 100 });
  await tim.setMessageExtensions(text, [{ key: 'k', value: 'v' }]);
  await tim.getMessageExtensions(text);
  await tim.deleteMessageExtensions(text, ['k']);
  const found: Message | null = tim.findMessage(text.ID);
  if (found) found.cloudCustomData = '{}';
  const forwarded = tim.createForwardMessage({ to: 'carol', conversationType: TIM.TYPES.CONV_C2C, payload: text });
  await tim.sendMessage(forwarded);

  // An app-made placeholder, as chat UIs build for local tips.
  const placeholder: Message = {
    ID: 'local-1',
    type: TIM.TYPES.MSG_CUSTOM,
    payload: { data: 'typing' },
    conversationID: 'C2Cbob',
    conversationType: TIM.TYPES.CONV_C2C,
    to: 'bob',
    from: 'alice',
    flow: 'out',
    time: Math.floor(Date.now() / 1000),
    status: 'success',
    isRevoked: false,
    priority: TIM.TYPES.MSG_PRIORITY_NORMAL,
    nick: '',
    avatar: '',
    isPeerRead: false,
    nameCard: '',
    atUserList: [],
    cloudCustomData: '',
    isDeleted: false,
    isModified: false,
    needReadReceipt: false,
    readReceiptInfo: {},
    isBroadcastMessage: false,
  };
  const flow: string = placeholder.flow;
  placeholder.status = flow;
  render(placeholder);
}

// ——— conversations ———
async function conversations(): Promise<Conversation[]> {
  const { data } = await tim.getConversationList();
  const list: Conversation[] = data.conversationList;
  const profile = await tim.getConversationProfile('C2Cbob');
  console.log((profile.data.conversation as Conversation).markList);
  await tim.deleteConversation('C2Cbob');
  await tim.deleteConversation({ conversationIDList: ['C2Cbob', 'GROUPg1'], clearHistoryMessage: false });
  await tim.clearHistoryMessage('C2Cbob');
  await tim.pinConversation({ conversationID: 'C2Cbob', isPinned: true });
  await tim.setAllMessageRead({ scope: TIM.TYPES.READ_ALL_MSG });
  await tim.setMessageRemindType({ groupID: 'g1', messageRemindType: TIM.TYPES.MSG_REMIND_ACPT_NOT_NOTE });
  const total: number = tim.getTotalUnreadMessageCount();
  await tim.setConversationCustomData({ conversationIDList: ['C2Cbob'], customData: 'x' });
  await tim.markConversation({ conversationIDList: ['C2Cbob'], markType: markStar, enableMark: true });
  await tim.getConversationGroupList();
  await tim.createConversationGroup({ conversationIDList: ['C2Cbob'], groupName: 'work' });
  await tim.renameConversationGroup({ oldName: 'work', newName: 'job' });
  await tim.addConversationsToGroup({ conversationIDList: ['GROUPg1'], groupName: 'job' });
  await tim.deleteConversationsFromGroup({ conversationIDList: ['GROUPg1'], groupName: 'job' });
  await tim.deleteConversationGroup('job');
  console.log(total);
  return list;
}

// ——— groups ———
async function groups(): Promise<GroupMember[]> {
  const created = await tim.createGroup({
    name: 'Team',
    type: TIM.TYPES.GRP_PUBLIC,
    joinOption: TIM.TYPES.JOIN_OPTIONS_NEED_PERMISSION,
    memberList: [{ userID: 'bob' }],
    groupCustomField: [{ key: 'k', value: 'v' }],
  });
  const group: Group = created.data.group;
  console.log(parseInt(group.createTime, 10), group.memberCount, group.selfInfo.role);
  const joined = await tim.joinGroup({ groupID: group.groupID, applyMessage: 'hi', type: groupType });
  if (joined.data.status === TIM.TYPES.JOIN_STATUS_WAIT_APPROVAL) console.log('waiting');
  await tim.joinGroup({ groupID: 'live', type: TIM.TYPES.GRP_AVCHATROOM });
  const { data } = await tim.getGroupMemberList({ groupID: group.groupID, count: 100, offset: 0 });
  const members: GroupMember[] = data.memberList;
  const muted = members.filter((m) => m.muteUntil * 1000 > Date.now() && m.role !== TIM.TYPES.GRP_MBR_ROLE_OWNER);
  await tim.getGroupList(undefined);
  await tim.getGroupList({ groupProfileFilter: [TIM.TYPES.GRP_PROFILE_OWNER_ID] });
  await tim.getGroupProfile({ groupID: group.groupID, groupCustomFieldFilter: ['k'] });
  await tim.updateGroupProfile({ groupID: group.groupID, name: 'Team 2', muteAllMembers: false, joinOption: TIM.TYPES.JOIN_OPTIONS_FREE_ACCESS });
  await tim.getGroupMemberProfile({ groupID: group.groupID, userIDList: ['bob'] });
  await tim.addGroupMember({ groupID: group.groupID, userIDList: ['carol'] });
  await tim.deleteGroupMember({ groupID: group.groupID, userIDList: ['carol'], reason: 'spam' });
  await tim.setGroupMemberMuteTime({ groupID: group.groupID, userID: 'bob', muteTime: 600 });
  await tim.setGroupMemberRole({ groupID: group.groupID, userID: 'bob', role: TIM.TYPES.GRP_MBR_ROLE_ADMIN });
  await tim.setGroupMemberNameCard({ groupID: group.groupID, nameCard: 'Bob' });
  await tim.setGroupMemberCustomField({ groupID: group.groupID, memberCustomField: [{ key: 'k', value: 'v' }] });
  await tim.changeGroupOwner({ groupID: group.groupID, newOwnerID: 'bob' });
  await tim.searchGroupByID(group.groupID);
  await tim.getGroupOnlineMemberCount('live');
  await tim.initGroupAttributes({ groupID: 'live', groupAttributes: { a: '1' } });
  await tim.setGroupAttributes({ groupID: 'live', groupAttributes: { a: '2' } });
  await tim.getGroupAttributes({ groupID: 'live', keyList: [] });
  await tim.deleteGroupAttributes({ groupID: 'live', keyList: ['a'] });
  await tim.setGroupCounters({ groupID: 'live', counters: { likes: 1 } });
  await tim.increaseGroupCounter({ groupID: 'live', key: 'likes', value: 1 });
  await tim.decreaseGroupCounter({ groupID: 'live', key: 'likes', value: 1 });
  await tim.getGroupCounters({ groupID: 'live' });
  await tim.markGroupMemberList({ groupID: 'live', userIDList: ['bob'], markType: 1000, enableMark: true });
  const notices = await tim.getMessageList({ conversationID: '@TIM#SYSTEM' });
  for (const notice of notices.data.messageList as Message[]) {
    if (notice.payload.operationType === 1) await tim.handleGroupApplication({ handleAction: 'Agree', handleMessage: 'welcome', message: notice });
  }
  const communities = await tim.getJoinedCommunityList();
  const community: Group = communities.data.groupList[0];
  await tim.createTopicInCommunity({ groupID: community.groupID, topicName: 'general' });
  const topics = await tim.getTopicList({ groupID: community.groupID, topicIDList: undefined });
  const topic: Topic = topics.data.successTopicList[0];
  await tim.updateTopicProfile({ groupID: community.groupID, topicID: topic.topicID, muteAllMembers: true });
  await tim.deleteTopicFromCommunity({ groupID: community.groupID, topicIDList: [topic.topicID] });
  await tim.quitGroup(group.groupID);
  await tim.dismissGroup(group.groupID);
  return muted;
}

// ——— profiles, friends, status ———
async function people(): Promise<void> {
  const me: Profile = (await tim.getMyProfile()).data;
  const others: Profile[] = (await tim.getUserProfile({ userIDList: ['bob'] })).data;
  console.log(me.nick, me.lastUpdatedNumber, me.gender === TIM.TYPES.GENDER_MALE, others.length);
  await tim.updateMyProfile({ nick: 'Alice', gender: TIM.TYPES.GENDER_FEMALE, allowType: TIM.TYPES.ALLOW_TYPE_NEED_CONFIRM, profileCustomField: [{ key: 'Tag_Profile_Custom_x', value: 'y' }] });
  await tim.getBlacklist();
  await tim.addToBlacklist({ userIDList: ['mallory'] });
  await tim.removeFromBlacklist({ userIDList: ['mallory'] });
  await tim.setSelfStatus({ customStatus: 'busy' });
  await tim.getUserStatus({ userIDList: ['bob'] });
  await tim.subscribeUserStatus({ userIDList: ['bob'] });
  await tim.unsubscribeUserStatus({ userIDList: undefined });
  const friends: Friend[] = (await tim.getFriendList()).data;
  await tim.addFriend({ to: 'bob', source: 'AddSource_Type_Web', type: TIM.TYPES.SNS_ADD_TYPE_BOTH, wording: 'hi' });
  await tim.deleteFriend({ userIDList: ['bob'], type: TIM.TYPES.SNS_DELETE_TYPE_SINGLE });
  await tim.checkFriend({ userIDList: ['bob'], type: TIM.TYPES.SNS_CHECK_TYPE_BOTH });
  await tim.getFriendProfile({ userIDList: ['bob'] });
  await tim.updateFriend({ userID: 'bob', remark: 'B', friendCustomField: [{ key: 'Tag_SNS_Custom_x', value: 'y' }] });
  const applications: FriendApplication[] = (await tim.getFriendApplicationList()).data.friendApplicationList;
  await tim.acceptFriendApplication({ userID: 'carol', type: TIM.TYPES.SNS_APPLICATION_AGREE_AND_ADD });
  await tim.refuseFriendApplication({ userID: 'dave' });
  await tim.deleteFriendApplication({ userID: 'erin', type: TIM.TYPES.SNS_APPLICATION_SENT_TO_ME });
  await tim.setFriendApplicationRead();
  const friendGroups: FriendGroup[] = (await tim.getFriendGroupList()).data;
  await tim.createFriendGroup({ name: 'close', userIDList: ['bob'] });
  await tim.addToFriendGroup({ name: 'close', userIDList: ['carol'] });
  await tim.removeFromFriendGroup({ name: 'close', userIDList: ['carol'] });
  await tim.renameFriendGroup({ oldName: 'close', newName: 'closest' });
  await tim.deleteFriendGroup({ name: 'closest' });
  await tim.translateText({ sourceTextList: ['hi'], sourceLanguage: 'en', targetLanguage: 'zh' });
  console.log(friends.length, applications.length, friendGroups.length);
}

// A wrapper an app might keep around the instance.
class ChatService {
  constructor(private readonly sdk: ChatSDK) {}
  async close(): Promise<void> {
    await this.sdk.logout();
    await this.sdk.destroy();
  }
}

export async function main(userSig: string): Promise<void> {
  await chat(userSig);
  await conversations();
  await groups();
  await people();
  await new ChatService(tim).close();
  console.log(ready, readyEvent, atAll);
}
