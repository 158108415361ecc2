import { describe, expect, expectTypeOf, it } from 'vitest';
import { conversationIdV3, parseConversationIdV3, v3Dialect } from './dialect.js';
import { messageIn, messageOut } from './message.js';
import { type UnlistedMethods, WASM_METHOD_NAMES } from './names.js';
import { eventOf, WASM_TABLE } from './sdk.js';

const zeroElems = {
  pictureElem: { sourcePath: '', sourcePicture: {}, bigPicture: {}, snapshotPicture: {} },
  fileElem: { filePath: '', uuid: '', sourceUrl: '', fileName: '', fileSize: 0 },
  atElem: { text: '', atUserList: null, isAtSelf: false },
  notificationElem: { detail: '', defaultTips: '' },
};

/** A 2.x MessageItem as the areas produce it. */
function item2(over: Record<string, unknown>): Record<string, unknown> {
  return {
    clientMsgID: 'c1',
    serverMsgID: 's1',
    createTime: 1000,
    sendTime: 1001,
    sessionType: 2,
    sendID: 'bob',
    recvID: 'alice',
    msgFrom: 100,
    contentType: 101,
    platformID: 5,
    senderNickname: 'Bob',
    senderFaceUrl: '',
    groupID: 'g1',
    content: 'hello',
    seq: 7,
    isRead: false,
    status: 2,
    attachedInfo: '',
    attachedInfoElem: { groupHasReadInfo: { hasReadCount: 0, hasReadUserIDList: null }, isPrivateChat: false },
    ex: '',
    ...zeroElems,
    ...over,
  };
}

describe('3.x conversation IDs', () => {
  it('sorts the two users of a one-to-one conversation and prefixes groups with sg_', () => {
    expect(conversationIdV3(1, 'bob', 'alice')).toBe('si_alice_bob');
    expect(conversationIdV3(1, 'alice', 'bob')).toBe('si_alice_bob');
    expect(conversationIdV3(2, 'g1', 'alice')).toBe('sg_g1');
  });

  it('parses si_/sg_/g_ and the 2.x forms back, even with IDs that contain underscores', () => {
    expect(parseConversationIdV3('si_alice_bob', 'alice')).toEqual({ sessionType: 1, sourceID: 'bob' });
    expect(parseConversationIdV3('si_alice_bob', 'bob')).toEqual({ sessionType: 1, sourceID: 'alice' });
    expect(parseConversationIdV3(conversationIdV3(1, 'u_2', 'u_1'), 'u_1')).toEqual({ sessionType: 1, sourceID: 'u_2' });
    expect(parseConversationIdV3(conversationIdV3(1, 'a_b', 'a'), 'a')).toEqual({ sessionType: 1, sourceID: 'a_b' });
    expect(parseConversationIdV3('si_alice_alice', 'alice')).toEqual({ sessionType: 1, sourceID: 'alice' });
    expect(parseConversationIdV3('sg_g1', 'alice')).toEqual({ sessionType: 2, sourceID: 'g1' });
    expect(parseConversationIdV3('g_g1', 'alice')).toEqual({ sessionType: 2, sourceID: 'g1' });
    expect(parseConversationIdV3('single_bob', 'alice')).toEqual({ sessionType: 1, sourceID: 'bob' });
    expect(parseConversationIdV3('group_g1', 'alice')).toEqual({ sessionType: 2, sourceID: 'g1' });
  });

  it('refuses IDs that do not name the signed-in user or are not conversation IDs', () => {
    expect(parseConversationIdV3('si_carol_dave', 'alice')).toBeUndefined();
    expect(parseConversationIdV3('si_alice_bob', '')).toBeUndefined();
    expect(parseConversationIdV3('bob', 'alice')).toBeUndefined();
    expect(parseConversationIdV3(42, 'alice')).toBeUndefined();
  });
});

describe('3.x messages', () => {
  it('puts text in textElem, groups in session type 3, the platform in senderPlatformID, and drops the other elems', () => {
    const out = messageOut(item2({})) as Record<string, unknown>;
    expect(out).toMatchObject({ sessionType: 3, senderPlatformID: 5, contentType: 101, textElem: { content: 'hello' }, content: '{"content":"hello"}' });
    expect(out).not.toHaveProperty('platformID');
    expect(out).not.toHaveProperty('pictureElem');
    expect(out).not.toHaveProperty('atElem');
    expect(out).not.toHaveProperty('attachedInfo');
    expect(out.attachedInfoElem).toMatchObject({ groupHasReadInfo: { hasReadCount: 0, hasReadUserIDList: [] }, isPrivateChat: false });
  });

  it('turns @ messages into atTextElem and revoke notices into 2101 notifications with a RevokedInfo', () => {
    const at = messageOut(item2({ contentType: 106, content: '{"text":"@bob hi","atUserList":["bob"],"isAtSelf":false}', atElem: { text: '@bob hi', atUserList: ['bob'], isAtSelf: true } }));
    expect(at).toMatchObject({ atTextElem: { text: '@bob hi', atUserList: ['bob'], isAtSelf: true } });
    const revoke = messageOut(item2({ contentType: 111, content: 'orig-1', sessionType: 1, groupID: '' })) as { contentType: number; notificationElem: { detail: string } };
    expect(revoke.contentType).toBe(2101);
    expect(JSON.parse(revoke.notificationElem.detail)).toMatchObject({ clientMsgID: 'orig-1', revokerID: 'bob', revokerNickname: 'Bob', revokeTime: 1001, sessionType: 1 });
  });

  it('keeps quoted and merged messages in the 3.x shape too', () => {
    const quote = messageOut(item2({ contentType: 114, quoteElem: { text: 're', quoteMessage: item2({ clientMsgID: 'q' }) } })) as { quoteElem: { quoteMessage: Record<string, unknown> } };
    expect(quote.quoteElem.quoteMessage).toMatchObject({ clientMsgID: 'q', sessionType: 3, textElem: { content: 'hello' } });
  });

  it('reads a 3.x message (object or JSON text) back into the 2.x shape', () => {
    for (const over of [{}, { contentType: 106, content: '{"text":"@bob hi","atUserList":["bob"],"isAtSelf":true}', atElem: { text: '@bob hi', atUserList: ['bob'], isAtSelf: true } }]) {
      const original = item2(over);
      const back = messageIn(messageOut(original));
      expect(back).toMatchObject({ sessionType: 2, platformID: 5, contentType: original.contentType, content: original.content });
      expect(back).not.toHaveProperty('textElem');
      expect(messageIn(JSON.stringify(messageOut(original)))).toMatchObject({ clientMsgID: 'c1', content: original.content });
    }
    expect(messageIn(messageOut(item2({ contentType: 111, content: 'orig-1' })))).toMatchObject({ contentType: 111, content: 'orig-1' });
    // A 2.x object passes as it is.
    expect(messageIn(item2({}))).toMatchObject({ sessionType: 2, content: 'hello', platformID: 5 });
    expect(messageIn('not json')).toBeUndefined();
  });
});

describe('the 3.x dialect', () => {
  const V3 = v3Dialect(() => 'alice');

  it('answers ok results with "", numbers as numbers, and text as it is', () => {
    expect(V3.out('ok', '""')).toBe('');
    expect(V3.out('raw', '12')).toBe(12);
    expect(V3.out('raw', 'single_bob')).toBe('single_bob');
    expect(V3.out('raw', undefined)).toBe('');
  });

  it('reshapes conversations: 3.x IDs, type 3 for groups, latestMsg the JSON of the 3.x message', () => {
    const [single, group] = V3.out('conversations', [
      { conversationID: 'single_bob', conversationType: 1, userID: 'bob', groupID: '', latestMsg: JSON.stringify(item2({ sessionType: 1, groupID: '' })), isPinned: true },
      { conversationID: 'group_g1', conversationType: 2, userID: '', groupID: 'g1', latestMsg: '' },
    ]) as Array<Record<string, unknown>>;
    expect(single).toMatchObject({ conversationID: 'si_alice_bob', conversationType: 1, isPinned: true, isMarked: false, burnDuration: 0 });
    expect(JSON.parse(String(single?.latestMsg))).toMatchObject({ textElem: { content: 'hello' }, senderPlatformID: 5 });
    expect(group).toMatchObject({ conversationID: 'sg_g1', conversationType: 3, latestMsg: '' });
  });

  it('maps member roles, friends from TotalUserStruct, and receipts', () => {
    const members = V3.out('members', [{ userID: 'a', roleLevel: 1 }, { userID: 'b', roleLevel: 2 }, { userID: 'c', roleLevel: 3 }]) as Array<{ roleLevel: number }>;
    expect(members.map((m) => m.roleLevel)).toEqual([20, 100, 60]);
    const friends = V3.out('totalUsers', [{ friendInfo: { userID: 'bob', remark: 'B', gender: 1 }, publicInfo: null, blackInfo: null }, { friendInfo: null }]);
    expect(friends).toEqual([{ addSource: 0, createTime: 0, ex: '', faceURL: '', userID: 'bob', nickname: '', operatorUserID: '', ownerUserID: '', remark: 'B', isPinned: false, attachedInfo: '' }]);
    expect(V3.out('receipts', [{ uid: 'bob', msgIDList: ['m'], readTime: 5, sessionType: 1 }])).toEqual([{ userID: 'bob', groupID: '', msgIDList: ['m'], readTime: 5, msgFrom: 100, contentType: 0, sessionType: 1 }]);
    expect(V3.out('group', { groupID: 'g1', groupType: 0 })).toMatchObject({ groupID: 'g1', groupType: 2, needVerification: 0, displayIsRead: false });
  });
});

describe('the 3.x method table', () => {
  it('names every declared method, and serves only names of the vendor', () => {
    expectTypeOf<UnlistedMethods>().toBeNever();
    expect(Object.keys(WASM_TABLE).filter((name) => !(WASM_METHOD_NAMES as readonly string[]).includes(name))).toEqual([]);
  });

  it('names WsResponse events as the vendor does', () => {
    expect(eventOf('getAllConversationList')).toBe('Getallconversationlist');
  });
});
