import { roomsOf } from '@parley/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type Harness } from '../helpers/harness.js';
import { startTimHarness, type TimPage, timPage } from '../helpers/tim.js';

let h: Harness;
beforeAll(async () => {
  // Room counts are pushed at once, so online counts settle quickly.
  h = await startTimHarness({ roomCountPushIntervalMs: 0 });
});
afterAll(() => h.stop());

// biome-ignore lint/suspicious/noExplicitAny: the vendor API resolves untyped data, as tim-js-sdk's does
type Data = any;
const data = async (call: Promise<{ code: number; data: unknown }>): Promise<Data> => {
  const response = await call;
  expect(response.code).toBe(0);
  return response.data;
};
const codeOf = (call: Promise<unknown>) => call.then(() => 0, (error: { code: number }) => error.code);
/** The last full list a page was given by an event. */
const lastList = (page: TimPage, event: string): Data[] => (page.seen(event).at(-1) as Data[] | undefined) ?? [];
const text = (body: string) => [{ text: { text: body } }];

describe('TIM groups against a real server', () => {
  it('a Public group: created with the group_create message, a join tip, GROUP_LIST_UPDATED and getGroupList', async () => {
    const owner = await timPage(h, 'tg-owner');
    const ann = await timPage(h, 'tg-ann');
    const { TIM } = owner;
    const created = await data(
      owner.tim.createGroup({ type: TIM.TYPES.GRP_PUBLIC, name: 'club', introduction: 'hi', joinOption: TIM.TYPES.JOIN_OPTIONS_FREE_ACCESS, groupCustomField: [{ key: 'level', value: 'gold' }] }),
    );
    const group = created.group;
    const groupID: string = group.groupID;
    expect(group).toMatchObject({ type: 'Public', name: 'club', introduction: 'hi', ownerID: 'tg-owner', joinOption: 'FreeAccess', groupCustomField: [{ key: 'level', value: 'gold' }] });
    expect(group.selfInfo).toMatchObject({ role: 'Owner', userID: 'tg-owner' });
    expect(created.overLimitUserIDList).toEqual([]);

    // tim-js-sdk posts a custom message to every new group but AVChatRooms.
    await eventually(async () => {
      const listed = (await data(owner.tim.getGroupList())).groupList.find((g: Data) => g.groupID === groupID);
      expect(listed.lastMessage).toMatchObject({ type: TIM.TYPES.MSG_CUSTOM, payload: { data: 'group_create', extension: 'tg-owner创建群组' } });
    });

    const joined = await data(ann.tim.joinGroup({ groupID, type: TIM.TYPES.GRP_PUBLIC }));
    expect(joined.status).toBe(TIM.TYPES.JOIN_STATUS_SUCCESS);
    expect(joined.group).toMatchObject({ groupID, name: 'club', selfInfo: { role: 'Member', userID: 'tg-ann' } });
    expect((await data(ann.tim.joinGroup({ groupID }))).status).toBe(TIM.TYPES.JOIN_STATUS_ALREADY_IN_GROUP);

    // The server's join tip is the group's last message: a MSG_GRP_TIP of operationType GRP_TIP_MBR_JOIN.
    await eventually(async () => {
      const listed = (await data(owner.tim.getGroupList())).groupList.find((g: Data) => g.groupID === groupID);
      expect(listed.lastMessage).toMatchObject({ type: TIM.TYPES.MSG_GRP_TIP, messageForShow: '[群提示消息]' });
      expect(listed.lastMessage.payload).toMatchObject({ operationType: TIM.TYPES.GRP_TIP_MBR_JOIN, userIDList: ['tg-ann'], groupProfile: { groupID, groupName: 'club' }, memberCount: 2 });
      expect(listed.memberNum).toBe(2);
    });

    await eventually(() => expect(lastList(ann, TIM.EVENT.GROUP_LIST_UPDATED).map((g) => g.groupID)).toContain(groupID));
    await eventually(() => expect(lastList(owner, TIM.EVENT.GROUP_LIST_UPDATED).find((g) => g.groupID === groupID)?.memberCount).toBe(2));
    const annList = (await data(ann.tim.getGroupList())).groupList;
    expect(annList.find((g: Data) => g.groupID === groupID)).toMatchObject({ type: 'Public', ownerID: 'tg-owner', selfInfo: { role: 'Member' } });

    expect((await data(owner.tim.getGroupProfile({ groupID }))).group).toMatchObject({ groupID, memberCount: 2, selfInfo: { role: 'Owner' } });
    const updated = await data(owner.tim.updateGroupProfile({ groupID, name: 'club 2', muteAllMembers: true, groupCustomField: [{ key: 'level', value: 'silver' }] }));
    expect(updated.group).toMatchObject({ name: 'club 2', muteAllMembers: true, groupCustomField: [{ key: 'level', value: 'silver' }] });
    await eventually(() => expect(lastList(ann, TIM.EVENT.GROUP_LIST_UPDATED).find((g) => g.groupID === groupID)?.name).toBe('club 2'));
    const searched = await data((await timPage(h, 'tg-outsider')).tim.searchGroupByID(groupID));
    expect(searched.group).toMatchObject({ groupID, name: 'club 2', selfInfo: { role: '' } });

    expect(await data(ann.tim.quitGroup(groupID))).toEqual({ groupID });
    await eventually(() => expect(lastList(ann, TIM.EVENT.GROUP_LIST_UPDATED).map((g) => g.groupID)).not.toContain(groupID));
    expect(await codeOf(ann.tim.quitGroup(groupID))).toBe(2623);
    expect(await data(owner.tim.dismissGroup(groupID))).toEqual({ groupID });
    expect((await data(owner.tim.getGroupList())).groupList.map((g: Data) => g.groupID)).not.toContain(groupID);
  });

  it('a NeedPermission group: notice 1 to the owner, Agree, notice 2 to the applicant, who is then a member', async () => {
    const owner = await timPage(h, 'ta-owner');
    const dora = await timPage(h, 'ta-dora');
    const { TIM } = owner;
    const { group } = await data(owner.tim.createGroup({ type: TIM.TYPES.GRP_PUBLIC, name: 'closed', joinOption: TIM.TYPES.JOIN_OPTIONS_NEED_PERMISSION }));
    const groupID: string = group.groupID;
    expect(group.joinOption).toBe('NeedPermission');

    expect(await data(dora.tim.joinGroup({ groupID, applyMessage: 'let me in', type: TIM.TYPES.GRP_PUBLIC }))).toEqual({ status: TIM.TYPES.JOIN_STATUS_WAIT_APPROVAL });

    await eventually(() => expect(owner.seen(TIM.EVENT.GROUP_SYSTEM_NOTICE_RECEIVED)).toHaveLength(1));
    const [request] = owner.seen(TIM.EVENT.GROUP_SYSTEM_NOTICE_RECEIVED) as Data[];
    expect(request.type).toBe(1);
    expect(request.message).toMatchObject({ type: TIM.TYPES.MSG_GRP_SYS_NOTICE, conversationID: '@TIM#SYSTEM', conversationType: TIM.TYPES.CONV_SYSTEM });
    expect(request.message.payload).toMatchObject({ operationType: 1, operatorID: 'ta-dora', groupProfile: { groupID, name: 'closed' }, handleMessage: 'let me in' });
    expect(request.message.payload.authentication).toBeTruthy();

    const { applicationList } = await data(owner.tim.getGroupApplicationList());
    expect(applicationList).toEqual([expect.objectContaining({ applicant: 'ta-dora', groupID, groupName: 'closed', applicationType: 0, authentication: request.message.payload.authentication })]);

    const systemIDs = async () => (await data(owner.tim.getMessageList({ conversationID: '@TIM#SYSTEM' }))).messageList.map((m: Data) => m.ID);
    expect(await systemIDs()).toContain(request.message.ID);
    const handled = await data(owner.tim.handleGroupApplication({ handleAction: 'Agree', handleMessage: 'welcome', message: request.message }));
    expect(handled.group).toMatchObject({ groupID, name: 'closed' });
    // The handled notice leaves the system conversation.
    await eventually(async () => expect(await systemIDs()).not.toContain(request.message.ID));

    await eventually(() => expect((dora.seen(TIM.EVENT.GROUP_SYSTEM_NOTICE_RECEIVED) as Data[]).map((n) => n.type)).toContain(2));
    const accepted = (dora.seen(TIM.EVENT.GROUP_SYSTEM_NOTICE_RECEIVED) as Data[]).find((n) => n.type === 2);
    expect(accepted.message.payload).toMatchObject({ operationType: 2, operatorID: 'ta-owner', groupProfile: { groupID }, handleMessage: 'welcome' });
    await eventually(() => expect(lastList(dora, TIM.EVENT.GROUP_LIST_UPDATED).map((g) => g.groupID)).toContain(groupID));
    expect((await data(dora.tim.getGroupList())).groupList.map((g: Data) => g.groupID)).toContain(groupID);

    // The first answer wins.
    expect(await codeOf(owner.tim.handleGroupApplication({ handleAction: 'Reject', message: request.message }))).not.toBe(0);
    expect((await data(owner.tim.getGroupApplicationList())).applicationList).toEqual([]);
  });

  it('members: pages, profiles, name cards, custom fields, mutes (a muted member cannot send) and roles', async () => {
    const owner = await timPage(h, 'tm-owner');
    const { TIM } = owner;
    const names = ['tm-a', 'tm-b', 'tm-c'];
    // Pages log in one after another: each loads its own module copy.
    const pages: TimPage[] = [];
    for (const id of names) pages.push(await timPage(h, id));
    const { group } = await data(owner.tim.createGroup({ type: TIM.TYPES.GRP_PUBLIC, name: 'members', memberList: names.map((userID) => ({ userID })) }));
    const groupID: string = group.groupID;
    expect(group.memberCount).toBe(4);

    const first = await data(owner.tim.getGroupMemberList({ groupID, count: 2 }));
    expect(first.memberList).toHaveLength(2);
    expect(first.offset).toBe(2);
    const rest = await data(owner.tim.getGroupMemberList({ groupID, count: 100, offset: first.offset }));
    expect(rest.offset).toBe(0);
    const all = [...first.memberList, ...rest.memberList];
    expect(all.map((m: Data) => m.userID).sort()).toEqual(['tm-a', 'tm-b', 'tm-c', 'tm-owner']);
    expect(all.find((m: Data) => m.userID === 'tm-owner')).toMatchObject({ role: 'Owner', muteUntil: 0 });
    expect(all.find((m: Data) => m.userID === 'tm-a')?.joinTime).toBeGreaterThan(1_600_000_000);

    const [a, b] = pages as [TimPage, TimPage];
    await data(a.tim.setGroupMemberNameCard({ groupID, nameCard: 'Ace' }));
    await data(a.tim.setGroupMemberCustomField({ groupID, memberCustomField: [{ key: 'seat', value: '12' }] }));
    const profiles = await data(owner.tim.getGroupMemberProfile({ groupID, userIDList: ['tm-a', 'tm-b'] }));
    expect(profiles.memberList.find((m: Data) => m.userID === 'tm-a')).toMatchObject({ nameCard: 'Ace', role: 'Member', memberCustomField: [{ key: 'seat', value: '12' }] });

    expect(await codeOf(owner.tim.setGroupMemberMuteTime({ groupID, userID: 'tm-owner', muteTime: 60 }))).toBe(2685);
    const muted = await data(owner.tim.setGroupMemberMuteTime({ groupID, userID: 'tm-b', muteTime: 60 }));
    expect(muted.member.userID).toBe('tm-b');
    expect(muted.member.muteUntil * 1000).toBeGreaterThan(Date.now());
    const say = (page: TimPage, body: string) => page.tim.sendMessage(page.tim.createTextMessage({ to: groupID, conversationType: TIM.TYPES.CONV_GROUP, payload: { text: body } }));
    expect(await codeOf(say(b, 'can I talk?'))).toBe(10017);
    await data(owner.tim.setGroupMemberMuteTime({ groupID, userID: 'tm-b', muteTime: 0 }));
    expect((await data(say(b, 'thanks'))).message.status).toBe('success');

    // setGroupMemberRole checks, in tim-js-sdk's order.
    expect(await codeOf(a.tim.setGroupMemberRole({ groupID, userID: 'tm-b', role: TIM.TYPES.GRP_MBR_ROLE_ADMIN }))).toBe(2681);
    expect(await codeOf(owner.tim.setGroupMemberRole({ groupID, userID: 'tm-b', role: 'Boss' as never }))).toBe(2683);
    expect(await codeOf(owner.tim.setGroupMemberRole({ groupID, userID: 'tm-owner', role: TIM.TYPES.GRP_MBR_ROLE_ADMIN }))).toBe(2684);
    const promoted = await data(owner.tim.setGroupMemberRole({ groupID, userID: 'tm-b', role: TIM.TYPES.GRP_MBR_ROLE_ADMIN }));
    expect(promoted.member).toMatchObject({ userID: 'tm-b', role: 'Admin' });
    await eventually(async () => expect((await data(b.tim.getGroupList())).groupList.find((g: Data) => g.groupID === groupID)?.selfInfo.role).toBe('Admin'));

    const kicked = await data(owner.tim.deleteGroupMember({ groupID, userIDList: ['tm-c'], reason: 'bye' }));
    expect(kicked.userIDList).toEqual(['tm-c']);
    expect(kicked.group.memberCount).toBe(3);

    expect(await codeOf(owner.tim.changeGroupOwner({ groupID, newOwnerID: 'tm-owner' }))).toBe(2621);
    const moved = await data(owner.tim.changeGroupOwner({ groupID, newOwnerID: 'tm-a' }));
    expect(moved.group).toMatchObject({ ownerID: 'tm-a', selfInfo: { role: 'Member' } });
  });

  it('work groups and the other refusals tim-js-sdk makes before asking the server', async () => {
    const owner = await timPage(h, 'tw-owner');
    const other = await timPage(h, 'tw-other');
    const { TIM } = owner;
    expect(await codeOf(owner.tim.createGroup({ type: 'Secret' as never, name: 'x' }))).toBe(2600);
    expect(await codeOf(owner.tim.createGroup({ type: TIM.TYPES.GRP_PUBLIC, name: 'x', groupID: '@TGS#_nope' }))).toBe(2602);
    expect(() => owner.tim.createGroup({ type: TIM.TYPES.GRP_PUBLIC } as never)).toThrow('Params validate failed.');

    // No type: a Private (work) group, as the seed documents.
    const { group } = await data(owner.tim.createGroup({ name: 'team', memberList: [{ userID: 'tw-other' }] }));
    const groupID: string = group.groupID;
    expect(group).toMatchObject({ type: 'Private', joinOption: 'DisableApply' });
    expect(await codeOf(owner.tim.dismissGroup(groupID))).toBe(2622);
    expect(await codeOf(owner.tim.setGroupMemberRole({ groupID, userID: 'tw-other', role: TIM.TYPES.GRP_MBR_ROLE_ADMIN }))).toBe(2682);
    expect(await codeOf((await timPage(h, 'tw-third')).tim.joinGroup({ groupID, type: TIM.TYPES.GRP_WORK }))).toBe(2601);
    expect(await codeOf(owner.tim.initGroupAttributes({ groupID, groupAttributes: { k: 'v' } }))).toBe(2641);
    expect(await data(owner.tim.getGroupOnlineMemberCount(groupID))).toEqual({ memberCount: 0 });
    // Work groups cannot be found by search.
    expect(await codeOf(other.tim.searchGroupByID(groupID))).toBe(10010);
    // The owner may quit a work group, which is left without an owner.
    expect(await data(owner.tim.quitGroup(groupID))).toEqual({ groupID });

    expect(await data(owner.tim.callExperimentalAPI('isCommercialAbilityEnabled'))).toBe(true);
    expect(await data(owner.tim.callExperimentalAPI('isIntl'))).toBe(false);
    expect(typeof (await data(owner.tim.callExperimentalAPI('getTimerID')))).toBe('number');
    expect(await codeOf(owner.tim.callExperimentalAPI('sendTRTCCustomData', {}))).toBe(2905);
    expect(await codeOf(owner.tim.callExperimentalAPI('sendComboMessage', {}))).toBe(2905);
  });

  it('AVChatRooms: create, join, room messages to both pages, counts, attributes, mutes, one room at a time, dismiss', async () => {
    const host = await timPage(h, 'tv-host');
    const fan = await timPage(h, 'tv-fan');
    const { TIM } = host;
    const created = await data(host.tim.createGroup({ type: TIM.TYPES.GRP_AVCHATROOM, name: 'live', notification: 'tonight', memberList: [{ userID: 'tv-fan' }] }));
    const groupID: string = created.group.groupID;
    expect(groupID.startsWith('@TGS#a')).toBe(true);
    expect(created.group).toMatchObject({ type: 'AVChatRoom', name: 'live', notification: 'tonight', ownerID: 'tv-host', joinOption: 'FreeAccess' });

    // Creating does not join; attributes need a joined room.
    expect(await codeOf(host.tim.setGroupAttributes({ groupID, groupAttributes: { k: 'v' } }))).toBe(2642);
    expect((await data(host.tim.joinGroup({ groupID, type: TIM.TYPES.GRP_AVCHATROOM }))).status).toBe(TIM.TYPES.JOIN_STATUS_SUCCESS);
    const joined = await data(fan.tim.joinGroup({ groupID, type: TIM.TYPES.GRP_AVCHATROOM }));
    expect(joined).toMatchObject({ status: TIM.TYPES.JOIN_STATUS_SUCCESS, group: { groupID, type: 'AVChatRoom', selfInfo: { role: 'Member' } } });
    await eventually(async () => expect(await data(fan.tim.getGroupOnlineMemberCount(groupID))).toEqual({ memberCount: 2 }));
    await eventually(() => expect(lastList(fan, TIM.EVENT.GROUP_LIST_UPDATED).map((g) => g.groupID)).toContain(groupID));
    expect((await data(host.tim.getGroupList())).groupList.find((g: Data) => g.groupID === groupID)).toMatchObject({ type: 'AVChatRoom', selfInfo: { role: 'Owner' } });
    const listed = await data(host.tim.getGroupMemberList({ groupID, count: 10 }));
    expect(listed.memberList.map((m: Data) => m.userID).sort()).toEqual(['tv-fan', 'tv-host']);
    expect(await codeOf(host.tim.addGroupMember({ groupID, userIDList: ['tv-other'] }))).toBe(2661);
    expect(await codeOf(host.tim.deleteGroupMember({ groupID, userIDList: ['tv-fan'] }))).toBe(2686);
    expect(await codeOf(host.tim.changeGroupOwner({ groupID, newOwnerID: 'tv-fan' }))).toBe(2620);

    // Room messages go from one page to the other (and not back to the sender), once each.
    const received = (page: TimPage) => (page.seen(TIM.EVENT.MESSAGE_RECEIVED) as Data[][]).flat().filter((m) => m.conversationID === `GROUP${groupID}` && m.type === TIM.TYPES.MSG_TEXT);
    const say = (page: TimPage, body: string) => page.tim.sendMessage(page.tim.createTextMessage({ to: groupID, conversationType: TIM.TYPES.CONV_GROUP, payload: { text: body } }));
    expect((await data(say(fan, 'hello host'))).message).toMatchObject({ status: 'success', conversationID: `GROUP${groupID}` });
    await eventually(() => expect(received(host).map((m) => m.payload.text)).toEqual(['hello host']));
    expect(received(host)[0]).toMatchObject({ from: 'tv-fan', flow: 'in', conversationType: TIM.TYPES.CONV_GROUP, conversationSubType: 'AVChatRoom', to: groupID });
    await data(say(host, 'hello fans'));
    await eventually(() => expect(received(fan).map((m) => m.payload.text)).toEqual(['hello fans']));
    expect(received(host).map((m) => m.payload.text)).toEqual(['hello host']);
    // Another session of the fan (a core client in the room) is seen by the fan's page as its own message.
    const fanCore = await h.login('tv-fan');
    const fanRoom = await roomsOf(fanCore).join(groupID);
    await fanRoom.send(text('from my phone'));
    await eventually(() => expect(received(fan).find((m) => m.payload.text === 'from my phone')?.flow).toBe('out'));
    await fanRoom.leave();
    // AVChatRooms keep no history.
    expect(await data(fan.tim.getMessageList({ conversationID: `GROUP${groupID}` }))).toEqual({ messageList: [], nextReqMessageID: '', isCompleted: true });

    const init = await data(host.tim.initGroupAttributes({ groupID, groupAttributes: { seat: '1' } }));
    expect(init.groupAttributes).toEqual({ seat: '1' });
    await eventually(() => expect(fan.seen(TIM.EVENT.GROUP_ATTRIBUTES_UPDATED)).toContainEqual({ groupID, groupAttributes: { seat: '1' }, updatedKeyList: ['seat'] }));
    expect((await data(fan.tim.getGroupAttributes({ groupID, keyList: [] }))).groupAttributes).toEqual({ seat: '1' });
    expect((await data(host.tim.deleteGroupAttributes({ groupID, keyList: [] }))).keyList).toEqual(['seat']);

    // An AVChatRoom mute is announced to the room as a member-profile tip.
    await data(host.tim.setGroupMemberMuteTime({ groupID, userID: 'tv-fan', muteTime: 30 }));
    const tips = () => (fan.seen(TIM.EVENT.MESSAGE_RECEIVED) as Data[][]).flat().filter((m) => m.conversationID === `GROUP${groupID}` && m.type === TIM.TYPES.MSG_GRP_TIP);
    await eventually(() => expect(tips().map((m) => m.payload.operationType)).toContain(TIM.TYPES.GRP_TIP_MBR_PROFILE_UPDATED));
    expect(tips()[0]?.payload.memberList[0]).toMatchObject({ userID: 'tv-fan' });

    // Only one AVChatRoom at a time: joining another leaves the first (the user owns neither).
    const other = await data(host.tim.createGroup({ type: TIM.TYPES.GRP_AVCHATROOM, name: 'second' }));
    await data(fan.tim.joinGroup({ groupID: other.group.groupID, type: TIM.TYPES.GRP_AVCHATROOM }));
    const fanGroups = (await data(fan.tim.getGroupList())).groupList.map((g: Data) => g.groupID);
    expect(fanGroups).toContain(other.group.groupID);
    expect(fanGroups).not.toContain(groupID);
    await eventually(async () => expect(await data(host.tim.getGroupOnlineMemberCount(groupID))).toEqual({ memberCount: 1 }));
    expect(await data(fan.tim.quitGroup(other.group.groupID))).toEqual({ groupID: other.group.groupID });
    expect(await codeOf(fan.tim.quitGroup(other.group.groupID))).toBe(2623);

    // Dismissing: the page in the room is told by notice 5, and the room leaves the lists.
    await data(fan.tim.joinGroup({ groupID, type: TIM.TYPES.GRP_AVCHATROOM }));
    expect(await data(host.tim.dismissGroup(groupID))).toEqual({ groupID });
    await eventually(() => expect((fan.seen(TIM.EVENT.GROUP_SYSTEM_NOTICE_RECEIVED) as Data[]).map((n) => n.type)).toContain(5));
    await eventually(() => expect(lastList(fan, TIM.EVENT.GROUP_LIST_UPDATED).map((g) => g.groupID)).not.toContain(groupID));
    await eventually(() => expect(lastList(host, TIM.EVENT.GROUP_LIST_UPDATED).map((g) => g.groupID)).not.toContain(groupID));
  });

  it('communities, topics and counters reach the other members', async () => {
    const owner = await timPage(h, 'tc-owner');
    const member = await timPage(h, 'tc-member');
    const { TIM } = owner;
    // isSupportTopic is a runtime option the 2.27.6 .d.ts does not declare.
    const { group } = await data(owner.tim.createGroup({ type: TIM.TYPES.GRP_COMMUNITY, name: 'hub', memberList: [{ userID: 'tc-member' }], ...{ isSupportTopic: true } }));
    const groupID: string = group.groupID;
    expect(group).toMatchObject({ type: 'Community', isSupportTopic: true });
    expect((await data(member.tim.getJoinedCommunityList())).groupList.map((g: Data) => g.groupID)).toEqual([groupID]);

    const { topicID } = await data(owner.tim.createTopicInCommunity({ groupID, topicName: 'general', customData: 'tag' }));
    expect(topicID.startsWith(`${groupID}@TOPIC#_`)).toBe(true);
    await eventually(() => expect(member.seen(TIM.EVENT.TOPIC_CREATED)).toContainEqual({ groupID, topicID }));
    const updated = await data(owner.tim.updateTopicProfile({ groupID, topicID, topicName: 'lobby', muteAllMembers: true }));
    expect(updated.topic).toMatchObject({ topicID, topicName: 'lobby', muteAllMembers: true, customData: 'tag' });
    await eventually(() => expect((member.seen(TIM.EVENT.TOPIC_UPDATED) as Data[]).map((t) => t.topic.topicName)).toContain('lobby'));
    const list = await data(member.tim.getTopicList({ groupID, topicIDList: [topicID, `${groupID}@TOPIC#_missing`] }));
    expect(list.successTopicList.map((t: Data) => t.topicName)).toEqual(['lobby']);
    expect(list.failureTopicList.map((t: Data) => t.topicID)).toEqual([`${groupID}@TOPIC#_missing`]);
    expect(await data(owner.tim.deleteTopicFromCommunity({ groupID, topicIDList: [topicID] }))).toEqual({ successTopicList: [{ topicID }], failureTopicList: [] });
    await eventually(() => expect(member.seen(TIM.EVENT.TOPIC_DELETED)).toContainEqual({ groupID, topicIDList: [topicID] }));

    expect(await data(owner.tim.setGroupCounters({ groupID, counters: { likes: 5 } }))).toEqual({ groupID, counters: { likes: 5 } });
    await eventually(() => expect(member.seen(TIM.EVENT.GROUP_COUNTER_UPDATED)).toContainEqual({ groupID, key: 'likes', value: 5 }));
    expect(await data(member.tim.increaseGroupCounter({ groupID, key: 'likes', value: 2 }))).toEqual({ groupID, key: 'likes', value: 7 });
    expect(await data(member.tim.decreaseGroupCounter({ groupID, key: 'likes', value: 1 }))).toEqual({ groupID, key: 'likes', value: 6 });
    expect((await data(owner.tim.getGroupCounters({ groupID }))).counters).toEqual({ likes: 6 });
  });
});
