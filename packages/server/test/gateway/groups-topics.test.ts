import { parley } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/errors.js';
import { refusal } from '../helpers/client.js';
import { startTestServer, type TestServer, text } from '../helpers/server.js';

const { Change, GroupType, GroupRole, JoinOption } = parley.v1;

describe('community topics', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('admins manage topics; community members talk in them; outsiders cannot', async () => {
    const [owner, admin, member, outsider] = await Promise.all(['tp-owner', 'tp-admin', 'tp-member', 'tp-out'].map((id) => server.login(id)));
    await owner!.request('groupCreate', {
      group: { groupId: '@TGS#_tp', type: GroupType.GROUP_TYPE_COMMUNITY, isSupportTopic: true, inviteOption: JoinOption.JOIN_OPTION_FREE },
      members: [{ userId: 'tp-admin', role: GroupRole.GROUP_ROLE_ADMIN }, { userId: 'tp-member' }],
    });
    expect(await refusal(member!.request('topicCreate', { communityId: '@TGS#_tp', topic: { name: 'nope' } }))).toBe(ErrorCode.PERMISSION_DENIED);
    const topic = await admin!.request('topicCreate', { communityId: '@TGS#_tp', topic: { name: 'General', notification: 'be nice' } });
    expect(topic.groupId.startsWith('@TGS#_tp@TOPIC#_')).toBe(true);
    expect(topic).toMatchObject({ parentId: '@TGS#_tp', type: GroupType.GROUP_TYPE_TOPIC, name: 'General' });
    const event = await member!.waitForPush((p) => p.topic?.change === Change.CHANGE_ADDED);
    expect(event.topic?.topicIds).toEqual([topic.groupId]);
    const named = await owner!.request('topicCreate', { communityId: '@TGS#_tp', topic: { groupId: '@TGS#_tp@TOPIC#_news', name: 'News' } });
    expect(named.groupId).toBe('@TGS#_tp@TOPIC#_news');
    expect(await refusal(owner!.request('topicCreate', { communityId: '@TGS#_tp', topic: { groupId: 'elsewhere' } }))).toBe(ErrorCode.INVALID_PARAM);

    // Messages in a topic reach the community's members.
    const convId = `group:${topic.groupId}`;
    await member!.request('msgSend', text(convId, 'hello topic'));
    await owner!.waitForPush((p) => p.message?.message?.convId === convId && p.message.message.elements?.[0]?.text?.text === 'hello topic');
    expect(await refusal(outsider!.request('msgSend', text(convId, 'me too')))).toBe(ErrorCode.NOT_MEMBER);
    expect(await refusal(outsider!.request('topicList', { communityId: '@TGS#_tp' }))).toBe(ErrorCode.NOT_MEMBER);
    // Topics have no members of their own.
    expect(await refusal(outsider!.request('groupJoin', { groupId: topic.groupId }))).toBe(ErrorCode.PERMISSION_DENIED);

    await admin!.request('topicUpdate', { communityId: '@TGS#_tp', topic: { groupId: topic.groupId, muteAll: true }, setFields: ['muteAll'] });
    await member!.waitForPush((p) => p.topic?.change === Change.CHANGE_UPDATED);
    expect(await refusal(member!.request('msgSend', text(convId, 'muted?')))).toBe(ErrorCode.MUTED);
    await admin!.request('msgSend', text(convId, 'admins speak'));

    const listed = await member!.request('topicList', { communityId: '@TGS#_tp' });
    expect(listed.groups.map((g: { name: string }) => g.name).sort()).toEqual(['General', 'News']);
    expect(listed.conversations.find((c: { convId: string }) => c.convId === convId).unreadCount).toBe(1);

    const deleted = await owner!.request('topicDelete', { communityId: '@TGS#_tp', topicIds: [named.groupId, '@TGS#_tp@TOPIC#_none'] });
    expect(deleted.results.map((r: { code: number }) => r.code)).toEqual([0, ErrorCode.GROUP_NOT_FOUND]);
    await member!.waitForPush((p) => p.topic?.change === Change.CHANGE_DELETED);
    expect((await member!.request('topicList', { communityId: '@TGS#_tp' })).groups.map((g: { name: string }) => g.name)).toEqual(['General']);
    expect(await refusal(owner!.request('msgSend', text(`group:${named.groupId}`, 'gone')))).toBe(ErrorCode.GROUP_NOT_FOUND);
    // A group without topic support refuses them.
    await owner!.request('groupCreate', { group: { groupId: 'tp-plain' } });
    expect(await refusal(owner!.request('topicCreate', { communityId: 'tp-plain', topic: { name: 'x' } }))).toBe(ErrorCode.INVALID_PARAM);
    for (const c of [owner!, admin!, member!, outsider!]) c.close();
  });
});
