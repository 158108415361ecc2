import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually, type Harness } from '../helpers/harness.js';
import { type OpenImPage, openimPage, startOpenImHarness } from '../helpers/openim.js';
import { dataOf, type WasmPage, wasmPage } from './wasm-page.js';

interface Member {
  userID: string;
  roleLevel: number;
}
interface Group {
  groupID: string;
  groupName: string;
  groupType: number;
  ownerUserID: string;
  memberCount: number;
}
interface Message {
  clientMsgID: string;
  sessionType: number;
  groupID: string;
  textElem?: { content: string };
}
interface Conversation {
  conversationID: string;
  conversationType: number;
  groupID: string;
}

let h: Harness;
let pages: Array<WasmPage | OpenImPage> = [];
beforeEach(async () => {
  h = await startOpenImHarness();
  pages = [];
});
afterEach(async () => {
  for (const page of pages) await page.sdk.logout().catch(() => {});
  await h.stop();
});

const members = (page: WasmPage, groupID: string, filter: number) => dataOf<Member[]>(page.sdk.getGroupMemberList({ groupID, filter, offset: 0, count: 50 }));
const roles = (list: Member[]) => Object.fromEntries(list.map((m) => [m.userID, m.roleLevel]));

describe('getSDK() groups', () => {
  it('creates a group with 3.x params, lists members with 3.x roles and filters, and messages it as session type 3', async () => {
    const alice = await wasmPage(h, 'alice');
    const carol = await wasmPage(h, 'carol');
    const bob = await openimPage(h, 'bob');
    pages.push(alice, carol, bob);

    const group = await dataOf<Group>(alice.sdk.createGroup({ memberUserIDs: ['bob'], adminUserIDs: ['carol'], groupInfo: { groupName: 'three' } }));
    expect(group).toMatchObject({ groupName: 'three', groupType: 2, ownerUserID: 'alice' });
    const { groupID } = group;

    expect(roles(await members(alice, groupID, 0))).toEqual({ alice: 100, bob: 20, carol: 60 });
    expect(roles(await members(alice, groupID, 1))).toEqual({ alice: 100 });
    expect(roles(await members(alice, groupID, 2))).toEqual({ carol: 60 });
    expect(roles(await members(alice, groupID, 3))).toEqual({ bob: 20 });
    expect(roles(await members(alice, groupID, 5))).toEqual({ alice: 100, carol: 60 });
    expect(roles(await dataOf<Member[]>(alice.sdk.getGroupMemberOwnerAndAdmin(groupID)))).toEqual({ alice: 100, carol: 60 });
    expect(roles(await dataOf<Member[]>(alice.sdk.getSpecifiedGroupMembersInfo({ groupID, userIDList: ['carol'] })))).toEqual({ carol: 60 });

    await eventually(async () => expect((await dataOf<Group[]>(carol.sdk.getJoinedGroupList())).map((g) => g.groupID)).toContain(groupID));
    expect(await dataOf(carol.sdk.isJoinGroup(groupID))).toBe(true);
    expect(await dataOf<Group[]>(carol.sdk.getSpecifiedGroupsInfo([groupID]))).toMatchObject([{ groupID, groupName: 'three', groupType: 2 }]);
    await alice.sdk.setGroupInfo({ groupID, groupName: 'renamed' });
    await eventually(async () => expect((await dataOf<Group[]>(carol.sdk.getSpecifiedGroupsInfo([groupID])))[0]?.groupName).toBe('renamed'));

    const created = await dataOf<Message>(alice.sdk.createTextMessage('to the group'));
    const sent = await dataOf<Message>(alice.sdk.sendMessage({ recvID: '', groupID, message: created as never }));
    expect(sent).toMatchObject({ sessionType: 3, groupID });
    await eventually(() => expect(carol.seen<Message>('OnRecvNewMessage')).toContainEqual(expect.objectContaining({ clientMsgID: sent.clientMsgID, sessionType: 3, textElem: { content: 'to the group' } })));
    await eventually(() => expect(bob.seen('OnRecvNewMessage')).toContainEqual(expect.objectContaining({ clientMsgID: sent.clientMsgID, sessionType: 2, content: 'to the group' })));

    const conversations = await dataOf<Conversation[]>(carol.sdk.getAllConversationList());
    expect(conversations.find((c) => c.groupID === groupID)).toMatchObject({ conversationID: `sg_${groupID}`, conversationType: 3 });
    const one = await dataOf<Conversation>(carol.sdk.getOneConversation({ sourceID: groupID, sessionType: 3 }));
    expect(one.conversationID).toBe(`sg_${groupID}`);
  });
});
