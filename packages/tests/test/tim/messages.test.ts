import { contactsOf, GroupType, groupsOf, JoinOption } from '@parley/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type Harness } from '../helpers/harness.js';
import { startTimHarness, type TimPage, timPage } from '../helpers/tim.js';

/** A 4×3 red PNG. */
const PNG = Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAQAAAADCAIAAAA7ljmRAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAAEUlEQVQImWP4z8AARwgWOgcA9TEL9UV+YsgAAAAASUVORK5CYII=', 'base64'));
const MB = 1024 * 1024;

/** A message as the app sees it (the vendor types most of it loosely). */
interface Msg {
  ID: string;
  type: string;
  payload: Record<string, unknown>;
  conversationID: string;
  conversationType: string;
  to: string;
  from: string;
  flow: string;
  status: string;
  time: number;
  sequence: number;
  isRevoked: boolean;
  revoker: string | null;
  isPeerRead: boolean;
  isResend: boolean;
  atUserList: string[];
  cloudCustomData: string;
  isModified: boolean;
}

/** Every message a page got in one `Message[]` event, in order. */
const messagesOf = (page: TimPage, event: string): Msg[] => (page.seen(event) as Msg[][]).flat();
const received = (page: TimPage): Msg[] => messagesOf(page, page.TIM.EVENT.MESSAGE_RECEIVED);
const receivedWith = (page: TimPage, id: string): Msg[] => received(page).filter((m) => m.ID === id);

/** The `data` of a resolved call. */
async function data<T>(call: Promise<{ code: number; data: unknown }>): Promise<T> {
  const result = await call;
  expect(result.code).toBe(0);
  return result.data as T;
}

/** Pages through a conversation the way an app does, newest page first. */
async function allPages(page: TimPage, conversationID: string, count?: number): Promise<Array<{ messageList: Msg[]; nextReqMessageID: string; isCompleted: boolean }>> {
  const pages: Array<{ messageList: Msg[]; nextReqMessageID: string; isCompleted: boolean }> = [];
  let next: string | undefined;
  for (let i = 0; i < 20; i++) {
    const result = await data<{ messageList: Msg[]; nextReqMessageID: string; isCompleted: boolean }>(
      page.tim.getMessageList({ conversationID, ...(next && { nextReqMessageID: next }), ...(count && { count }) }),
    );
    pages.push(result);
    if (result.isCompleted) break;
    next = result.nextReqMessageID;
  }
  return pages;
}

let h: Harness;
beforeAll(async () => {
  h = await startTimHarness();
});
afterAll(() => h.stop());

describe('TIM messages: C2C', () => {
  let alice: TimPage;
  let bob: TimPage;
  beforeAll(async () => {
    alice = await timPage(h, 'tm-alice');
    bob = await timPage(h, 'tm-bob');
  });

  it('text and custom messages both ways, in the vendor’s shape, never echoed to the sender', async () => {
    const { TIM } = alice;
    const text = alice.tim.createTextMessage({ to: 'tm-bob', conversationType: TIM.TYPES.CONV_C2C, payload: { text: 'hello bob' }, cloudCustomData: 'cc' }) as unknown as Msg;
    expect(text).toMatchObject({ type: 'TIMTextElem', payload: { text: 'hello bob' }, conversationID: 'C2Ctm-bob', conversationType: 'C2C', to: 'tm-bob', from: 'tm-alice', flow: 'out', status: 'unSend' });
    expect(text.ID).toMatch(/^\d+-\d+-\d+$/);
    const sent = await data<{ message: Msg }>(alice.tim.sendMessage(text as never));
    expect(sent.message).toBe(text);
    expect(text.status).toBe('success');
    expect(text.sequence).toBeGreaterThan(0);
    expect(Math.abs(text.time - Date.now() / 1000)).toBeLessThan(120);

    await eventually(() => expect(receivedWith(bob, text.ID)).toHaveLength(1));
    const got = receivedWith(bob, text.ID)[0];
    expect(got).toMatchObject({ ID: text.ID, type: 'TIMTextElem', payload: { text: 'hello bob' }, conversationID: 'C2Ctm-alice', conversationType: 'C2C', from: 'tm-alice', to: 'tm-bob', flow: 'in', status: 'success', cloudCustomData: 'cc', sequence: text.sequence });

    const custom = bob.tim.createCustomMessage({ to: 'tm-alice', conversationType: TIM.TYPES.CONV_C2C, payload: { data: 'dice', description: 'roll', extension: '6' } }) as unknown as Msg;
    await data(bob.tim.sendMessage(custom as never));
    await eventually(() => expect(receivedWith(alice, custom.ID)).toHaveLength(1));
    expect(receivedWith(alice, custom.ID)[0]).toMatchObject({ type: 'TIMCustomElem', payload: { data: 'dice', description: 'roll', extension: '6' }, conversationID: 'C2Ctm-bob', from: 'tm-bob', to: 'tm-alice', flow: 'in' });

    const face = alice.tim.createFaceMessage({ to: 'tm-bob', conversationType: TIM.TYPES.CONV_C2C, payload: { index: 3, data: 'smile' } }) as unknown as Msg;
    const location = alice.tim.createLocationMessage({ to: 'tm-bob', conversationType: TIM.TYPES.CONV_C2C, payload: { description: 'here', longitude: 113.9, latitude: 22.5 } }) as unknown as Msg;
    await data(alice.tim.sendMessage(face as never));
    await data(alice.tim.sendMessage(location as never));
    await eventually(() => expect(receivedWith(bob, location.ID)).toHaveLength(1));
    expect(receivedWith(bob, face.ID)[0]?.payload).toEqual({ index: 3, data: 'smile' });
    expect(receivedWith(bob, location.ID)[0]?.payload).toEqual({ description: 'here', longitude: 113.9, latitude: 22.5 });

    // The sender's own instance never comes back as received.
    for (const id of [text.ID, face.ID, location.ID]) expect(receivedWith(alice, id)).toEqual([]);
    expect(receivedWith(bob, custom.ID)).toEqual([]);
    expect(alice.tim.findMessage(text.ID)).toBe(text);
    expect(bob.tim.findMessage(text.ID)).toBe(got);
    expect(alice.tim.findMessage('1-1-1')).toBeNull();
  });

  it('an image from a File uploads with progress and arrives with downloadable URLs', async () => {
    const { TIM } = alice;
    const progress: number[] = [];
    const image = alice.tim.createImageMessage({
      to: 'tm-bob',
      conversationType: TIM.TYPES.CONV_C2C,
      payload: { file: new File([PNG], 'red.png', { type: 'image/png' }) },
      onProgress: (p: number) => progress.push(p),
    }) as unknown as Msg;
    expect(image.type).toBe('TIMImageElem');
    await data(alice.tim.sendMessage(image as never));
    expect(progress[progress.length - 1]).toBe(1);
    expect(progress.every((p) => p >= 0 && p <= 1)).toBe(true);
    expect(image.status).toBe('success');

    await eventually(() => expect(receivedWith(bob, image.ID)).toHaveLength(1));
    const got = receivedWith(bob, image.ID)[0] as Msg;
    expect(got.type).toBe('TIMImageElem');
    expect(got.payload.imageFormat).toBe(3);
    const infos = got.payload.imageInfoArray as Array<Record<string, unknown>>;
    expect(infos.map((i) => [i.sizeType, i.type])).toEqual([
      [1, 0],
      [2, 1],
      [3, 2],
    ]);
    expect(infos[0]).toMatchObject({ width: 4, height: 3, size: PNG.length });
    const url = String(infos[0]?.url);
    expect(url).toMatch(/^http:\/\//);
    const res = await fetch(url);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(PNG);
    // The sender's instance now shows the uploaded image too.
    expect(String((image.payload.imageInfoArray as Array<Record<string, unknown>>)[0]?.url)).toBe(url);
  });

  it('setMessageRead on one side makes the other side’s messages isPeerRead (MESSAGE_READ_BY_PEER)', async () => {
    const { TIM } = alice;
    const first = alice.tim.createTextMessage({ to: 'tm-bob', conversationType: TIM.TYPES.CONV_C2C, payload: { text: 'read me' } }) as unknown as Msg;
    await data(alice.tim.sendMessage(first as never));
    await eventually(() => expect(receivedWith(bob, first.ID)).toHaveLength(1));
    expect(first.isPeerRead).toBe(false);
    await data(bob.tim.setMessageRead({ conversationID: 'C2Ctm-alice' }));
    await eventually(() => expect(messagesOf(alice, TIM.EVENT.MESSAGE_READ_BY_PEER).map((m) => m.ID)).toContain(first.ID));
    const read = messagesOf(alice, TIM.EVENT.MESSAGE_READ_BY_PEER).filter((m) => m.ID === first.ID);
    expect(read).toHaveLength(1);
    expect(read[0]).toBe(first);
    expect(first.isPeerRead).toBe(true);
    // Only own C2C messages are "read by peer".
    expect(messagesOf(alice, TIM.EVENT.MESSAGE_READ_BY_PEER).every((m) => m.flow === 'out' && m.from === 'tm-alice')).toBe(true);
  });

  it('revoke: MESSAGE_REVOKED at the peer, and the history keeps the message with isRevoked', async () => {
    const { TIM } = alice;
    const oops = alice.tim.createTextMessage({ to: 'tm-bob', conversationType: TIM.TYPES.CONV_C2C, payload: { text: 'oops' } }) as unknown as Msg;
    await data(alice.tim.sendMessage(oops as never));
    await eventually(() => expect(receivedWith(bob, oops.ID)).toHaveLength(1));
    const result = await data<{ message: Msg }>(alice.tim.revokeMessage(oops as never));
    expect(result.message).toBe(oops);
    expect(oops).toMatchObject({ isRevoked: true, revoker: 'tm-alice' });

    await eventually(() => expect(messagesOf(bob, TIM.EVENT.MESSAGE_REVOKED).map((m) => m.ID)).toContain(oops.ID));
    const revoked = messagesOf(bob, TIM.EVENT.MESSAGE_REVOKED).find((m) => m.ID === oops.ID);
    expect(revoked).toMatchObject({ isRevoked: true, revoker: 'tm-alice' });
    expect(revoked).toBe(receivedWith(bob, oops.ID)[0]);
    // The revoker's own instance gets no event; a second revoke is a parameter error.
    expect(messagesOf(alice, TIM.EVENT.MESSAGE_REVOKED)).toEqual([]);
    expect(() => alice.tim.revokeMessage(oops as never)).toThrow('Params validate failed.');

    const list = await data<{ messageList: Msg[] }>(bob.tim.getMessageList({ conversationID: 'C2Ctm-alice' }));
    expect(list.messageList.find((m) => m.ID === oops.ID)).toMatchObject({ isRevoked: true });
  });

  it('modifyMessage: the peer gets MESSAGE_MODIFIED with the new payload', async () => {
    const { TIM } = alice;
    const draft = alice.tim.createTextMessage({ to: 'tm-bob', conversationType: TIM.TYPES.CONV_C2C, payload: { text: 'teh typo' } }) as unknown as Msg;
    await data(alice.tim.sendMessage(draft as never));
    await eventually(() => expect(receivedWith(bob, draft.ID)).toHaveLength(1));
    draft.payload.text = 'the typo';
    await data(alice.tim.modifyMessage(draft as never));
    expect(draft.isModified).toBe(true);
    await eventually(() => expect(messagesOf(bob, TIM.EVENT.MESSAGE_MODIFIED).map((m) => m.ID)).toContain(draft.ID));
    expect(messagesOf(bob, TIM.EVENT.MESSAGE_MODIFIED).find((m) => m.ID === draft.ID)?.payload).toEqual({ text: 'the typo' });
    expect(messagesOf(alice, TIM.EVENT.MESSAGE_MODIFIED)).toEqual([]);
  });

  it('another page of the same user receives own sends with flow out, and a stale modify fails with 2480', async () => {
    const { TIM } = alice;
    const alice2 = await timPage(h, 'tm-alice');
    const m = alice.tim.createTextMessage({ to: 'tm-bob', conversationType: TIM.TYPES.CONV_C2C, payload: { text: 'v0' } }) as unknown as Msg;
    await data(alice.tim.sendMessage(m as never));
    await eventually(() => expect(receivedWith(alice2, m.ID)).toHaveLength(1));
    const copy = receivedWith(alice2, m.ID)[0] as Msg & { version: number };
    expect(copy).toMatchObject({ flow: 'out', from: 'tm-alice', to: 'tm-bob', conversationID: 'C2Ctm-bob' });

    m.payload.text = 'v1';
    await data(alice.tim.modifyMessage(m as never));
    await eventually(() => expect(messagesOf(alice2, TIM.EVENT.MESSAGE_MODIFIED).map((x) => x.ID)).toContain(m.ID));
    expect(copy.payload.text).toBe('v1');
    // An edit made from an outdated copy loses: 2480, and the copy shows the current version again.
    copy.version = 0;
    copy.payload.text = 'v2';
    const conflict = await alice2.tim.modifyMessage(copy as never).catch((e: unknown) => e);
    expect(conflict).toMatchObject({ code: 2480, data: { message: copy } });
    expect(copy.payload.text).toBe('v1');
    expect(copy.version).toBe(1);
  });

  it('a refused send fails the instance; resendMessage keeps its ID and the peer gets it once', async () => {
    const { TIM } = alice;
    const carol = await timPage(h, 'tm-carol');
    const carolCore = await h.login('tm-carol');
    await contactsOf(carolCore).block(['tm-alice']);
    const m = alice.tim.createTextMessage({ to: 'tm-carol', conversationType: TIM.TYPES.CONV_C2C, payload: { text: 'let me in' } }) as unknown as Msg;
    const id = m.ID;
    const refused = await alice.tim.sendMessage(m as never).catch((e: { code: number; data: { message: unknown } }) => e);
    expect(refused).toMatchObject({ code: 20007 });
    expect((refused as { data: { message: unknown } }).data.message).toBe(m);
    expect(m.status).toBe('fail');

    await contactsOf(carolCore).unblock(['tm-alice']);
    const again = await data<{ message: Msg }>(alice.tim.resendMessage(m as never));
    expect(again.message).toBe(m);
    expect(m).toMatchObject({ ID: id, isResend: true, status: 'success' });
    // A second resend of the same message is answered by the server as a duplicate.
    await data(alice.tim.resendMessage(m as never));
    await eventually(() => expect(receivedWith(carol, id)).toHaveLength(1));
    const list = await data<{ messageList: Msg[] }>(carol.tim.getMessageList({ conversationID: 'C2Ctm-alice' }));
    expect(list.messageList.filter((x) => x.ID === id)).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(receivedWith(carol, id)).toHaveLength(1);
  });
});

describe('TIM messages: getMessageList paging', () => {
  it('pages of 15 from the newest, chained by nextReqMessageID, oldest first within a page', async () => {
    const dan = await timPage(h, 'tm-dan');
    const eve = await timPage(h, 'tm-eve');
    const { TIM } = dan;
    const ids: string[] = [];
    for (let i = 1; i <= 35; i++) {
      const m = dan.tim.createTextMessage({ to: 'tm-eve', conversationType: TIM.TYPES.CONV_C2C, payload: { text: `n${i}` } }) as unknown as Msg;
      await data(dan.tim.sendMessage(m as never));
      ids.push(m.ID);
    }
    await eventually(() => expect(received(eve).filter((m) => m.conversationID === 'C2Ctm-dan')).toHaveLength(35));
    // A third page of eve's that logs in now holds only the newest entries: older pages come from the server.
    const eve2 = await timPage(h, 'tm-eve');
    // What the login's sync brought is history, not news.
    await new Promise((r) => setTimeout(r, 200));
    expect(received(eve2)).toEqual([]);

    for (const [page, conversationID] of [
      [dan, 'C2Ctm-eve'],
      [eve, 'C2Ctm-dan'],
      [eve2, 'C2Ctm-dan'],
    ] as const) {
      const pages = await allPages(page, conversationID);
      expect(pages.map((p) => p.messageList.length)).toEqual([15, 15, 5]);
      expect(pages.map((p) => p.isCompleted)).toEqual([false, false, true]);
      for (const p of pages.slice(0, 2)) expect(p.nextReqMessageID).toBe(p.messageList[0]?.ID);
      expect(pages[2]?.nextReqMessageID).toBe('');
      const all = [...pages].reverse().flatMap((p) => p.messageList);
      expect(all.map((m) => m.ID)).toEqual(ids);
      expect(all.map((m) => m.payload.text)).toEqual(ids.map((_, i) => `n${i + 1}`));
      for (const p of pages) {
        const seqs = p.messageList.map((m) => m.sequence);
        expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
      }
    }

    // A smaller count, and a count above the cap of 15.
    const small = await allPages(eve2, 'C2Ctm-dan', 10);
    expect(small.map((p) => p.messageList.length)).toEqual([10, 10, 10, 5]);
    const capped = await data<{ messageList: Msg[] }>(eve2.tim.getMessageList({ conversationID: 'C2Ctm-dan', count: 40 }));
    expect(capped.messageList).toHaveLength(15);
  });
});

describe('TIM messages: groups', () => {
  it('group text and @-mentions both ways, with GROUP conversation ids', async () => {
    const fay = await timPage(h, 'tm-fay');
    const gus = await timPage(h, 'tm-gus');
    const owner = await h.login('tm-owner');
    const { group } = await groupsOf(owner).create({ name: 'tm', type: GroupType.PUBLIC, joinOption: JoinOption.FREE, members: ['tm-fay', 'tm-gus'] });
    const groupID = group.groupId ?? '';
    const { TIM } = fay;
    // Membership reaches both pages before they send.
    await eventually(async () => {
      const m = fay.tim.createTextMessage({ to: groupID, conversationType: TIM.TYPES.CONV_GROUP, payload: { text: 'hi group' } }) as unknown as Msg;
      await data(fay.tim.sendMessage(m as never));
      await eventually(() => expect(receivedWith(gus, m.ID)).toHaveLength(1), 3000);
      expect(receivedWith(gus, m.ID)[0]).toMatchObject({ type: 'TIMTextElem', conversationID: `GROUP${groupID}`, conversationType: 'GROUP', to: groupID, from: 'tm-fay', flow: 'in', sequence: m.sequence });
      expect(m.sequence).toBeGreaterThan(0);
    });

    const at = gus.tim.createTextAtMessage({ to: groupID, conversationType: TIM.TYPES.CONV_GROUP, payload: { text: '@fay @all look', atUserList: ['tm-fay', TIM.TYPES.MSG_AT_ALL] } }) as unknown as Msg;
    expect(at.atUserList).toEqual(['tm-fay', TIM.TYPES.MSG_AT_ALL]);
    await data(gus.tim.sendMessage(at as never));
    await eventually(() => expect(receivedWith(fay, at.ID)).toHaveLength(1));
    expect(receivedWith(fay, at.ID)[0]).toMatchObject({ type: 'TIMTextElem', payload: { text: '@fay @all look' }, atUserList: ['tm-fay', TIM.TYPES.MSG_AT_ALL], conversationID: `GROUP${groupID}`, from: 'tm-gus' });
    expect(receivedWith(gus, at.ID)).toEqual([]);

    const list = await data<{ messageList: Msg[] }>(fay.tim.getMessageList({ conversationID: `GROUP${groupID}` }));
    expect(list.messageList.map((m) => m.ID)).toContain(at.ID);

    // Group system notices arrive as messages of @TIM#SYSTEM and as GROUP_SYSTEM_NOTICE_RECEIVED.
    const notices = () => gus.seen(TIM.EVENT.GROUP_SYSTEM_NOTICE_RECEIVED) as Array<{ type: number; message: Msg }>;
    const invited = notices().find((n) => n.type === 7 && n.message.payload.groupProfile && (n.message.payload.groupProfile as { groupID: string }).groupID === groupID);
    expect(invited?.message).toMatchObject({ type: 'TIMGroupSystemNoticeElem', conversationID: '@TIM#SYSTEM', conversationType: '@TIM#SYSTEM', payload: { operationType: 7, operatorID: 'tm-owner' } });
    expect(received(gus)).toContain(invited?.message);
    await groupsOf(owner).removeMembers(groupID, ['tm-gus']);
    await eventually(() => expect(notices().map((n) => n.type)).toContain(4));
    const kicked = notices().find((n) => n.type === 4);
    expect(kicked?.message.payload).toMatchObject({ operationType: 4, operatorID: 'tm-owner', groupProfile: { groupID } });
    expect(receivedWith(gus, kicked?.message.ID ?? '')).toHaveLength(1);
  });
});

describe('TIM messages: extensions, receipts, deletes, forwards and mergers', () => {
  let kim: TimPage;
  let leo: TimPage;
  beforeAll(async () => {
    kim = await timPage(h, 'tm-kim');
    leo = await timPage(h, 'tm-leo');
  });

  it('extensions set and deleted by the peer reach the sender as MESSAGE_EXTENSIONS_*', async () => {
    const { TIM } = kim;
    const poll = kim.tim.createTextMessage({ to: 'tm-leo', conversationType: TIM.TYPES.CONV_C2C, payload: { text: 'vote' }, isSupportExtension: true }) as unknown as Msg;
    await data(kim.tim.sendMessage(poll as never));
    await eventually(() => expect(receivedWith(leo, poll.ID)).toHaveLength(1));
    const theirs = receivedWith(leo, poll.ID)[0] as Msg;
    const set = await data<{ extensions: unknown[] }>(leo.tim.setMessageExtensions(theirs as never, [{ key: 'yes', value: '1' }]));
    expect(set.extensions).toEqual([{ code: 0, key: 'yes', value: '1' }]);
    await eventually(() => expect(kim.seen(TIM.EVENT.MESSAGE_EXTENSIONS_UPDATED)).toContainEqual({ messageID: poll.ID, extensions: [{ key: 'yes', value: '1' }] }));
    expect(await data(kim.tim.getMessageExtensions(poll as never))).toEqual({ extensions: [{ key: 'yes', value: '1' }] });
    await data(leo.tim.deleteMessageExtensions(theirs as never, ['yes']));
    await eventually(() => expect(kim.seen(TIM.EVENT.MESSAGE_EXTENSIONS_DELETED)).toContainEqual({ messageID: poll.ID, keyList: ['yes'] }));
    expect(leo.seen(TIM.EVENT.MESSAGE_EXTENSIONS_UPDATED)).toEqual([]);
    // Only messages sent with isSupportExtension take extensions.
    const plain = kim.tim.createTextMessage({ to: 'tm-leo', conversationType: TIM.TYPES.CONV_C2C, payload: { text: 'no ext' } });
    await data(kim.tim.sendMessage(plain));
    expect(() => kim.tim.setMessageExtensions(plain, [{ key: 'a', value: 'b' }])).toThrow('Params validate failed.');
  });

  it('deleteMessage hides messages for this user only', async () => {
    const { TIM } = kim;
    const keep = kim.tim.createTextMessage({ to: 'tm-leo', conversationType: TIM.TYPES.CONV_C2C, payload: { text: 'keep' } }) as unknown as Msg;
    const drop = kim.tim.createTextMessage({ to: 'tm-leo', conversationType: TIM.TYPES.CONV_C2C, payload: { text: 'drop' } }) as unknown as Msg;
    await data(kim.tim.sendMessage(keep as never));
    await data(kim.tim.sendMessage(drop as never));
    const result = await data<{ messageList: Msg[] }>(kim.tim.deleteMessage([drop as never]));
    expect(result.messageList).toEqual([drop]);
    expect((drop as unknown as { isDeleted: boolean }).isDeleted).toBe(true);
    const mine = await data<{ messageList: Msg[] }>(kim.tim.getMessageList({ conversationID: 'C2Ctm-leo' }));
    expect(mine.messageList.map((m) => m.ID)).toContain(keep.ID);
    expect(mine.messageList.map((m) => m.ID)).not.toContain(drop.ID);
    await eventually(() => expect(receivedWith(leo, drop.ID)).toHaveLength(1));
    const theirs = await data<{ messageList: Msg[] }>(leo.tim.getMessageList({ conversationID: 'C2Ctm-kim' }));
    expect(theirs.messageList.map((m) => m.ID)).toContain(drop.ID);
  });

  it('forward and merger messages carry the originals', async () => {
    const { TIM } = kim;
    const a = kim.tim.createTextMessage({ to: 'tm-leo', conversationType: TIM.TYPES.CONV_C2C, payload: { text: 'first' } }) as unknown as Msg;
    const b = kim.tim.createCustomMessage({ to: 'tm-leo', conversationType: TIM.TYPES.CONV_C2C, payload: { data: 'second' } }) as unknown as Msg;
    await data(kim.tim.sendMessage(a as never));
    await data(kim.tim.sendMessage(b as never));
    await eventually(() => expect(receivedWith(leo, b.ID)).toHaveLength(1));

    const forward = leo.tim.createForwardMessage({ to: 'tm-kim', conversationType: TIM.TYPES.CONV_C2C, payload: receivedWith(leo, a.ID)[0] }) as unknown as Msg;
    expect(forward.ID).not.toBe(a.ID);
    expect(forward).toMatchObject({ type: 'TIMTextElem', payload: { text: 'first' }, from: 'tm-leo', to: 'tm-kim' });
    await data(leo.tim.sendMessage(forward as never));
    await eventually(() => expect(receivedWith(kim, forward.ID)[0]).toMatchObject({ type: 'TIMTextElem', payload: { text: 'first' }, from: 'tm-leo' }));

    const merger = kim.tim.createMergerMessage({
      to: 'tm-leo',
      conversationType: TIM.TYPES.CONV_C2C,
      payload: { messageList: [a, b], title: 'our chat', abstractList: ['kim: first', 'kim: second'], compatibleText: 'please upgrade' },
    }) as unknown as Msg;
    expect(merger.type).toBe('TIMRelayElem');
    await data(kim.tim.sendMessage(merger as never));
    await eventually(() => expect(receivedWith(leo, merger.ID)).toHaveLength(1));
    const got = receivedWith(leo, merger.ID)[0] as Msg;
    expect(got.payload).toMatchObject({ title: 'our chat', abstractList: ['kim: first', 'kim: second'], compatibleText: 'please upgrade', downloadKey: '' });
    const items = got.payload.messageList as Array<Record<string, unknown>>;
    expect(items.map((i) => [i.ID, i.from, i.messageBody])).toEqual([
      [a.ID, 'tm-kim', [{ type: 'TIMTextElem', payload: { text: 'first' } }]],
      [b.ID, 'tm-kim', [{ type: 'TIMCustomElem', payload: { data: 'second', description: '', extension: '' } }]],
    ]);
    expect(await data(leo.tim.downloadMergeMessage(got as never))).toBe(got);
  });

  it('read receipts of a group message reach the sender, and the read members can be listed', async () => {
    const { TIM } = kim;
    const owner = await h.login('tm-rr-owner');
    const { group } = await groupsOf(owner).create({ name: 'rr', type: GroupType.PUBLIC, joinOption: JoinOption.FREE, members: ['tm-kim', 'tm-leo'] });
    const groupID = group.groupId ?? '';
    let asked: Msg | undefined;
    await eventually(async () => {
      const m = kim.tim.createTextMessage({ to: groupID, conversationType: TIM.TYPES.CONV_GROUP, payload: { text: 'read?' }, needReadReceipt: true }) as unknown as Msg;
      await data(kim.tim.sendMessage(m as never));
      await eventually(() => expect(receivedWith(leo, m.ID)).toHaveLength(1), 3000);
      asked = m;
    });
    const theirs = receivedWith(leo, asked?.ID ?? '')[0] as Msg & { needReadReceipt: boolean };
    expect(theirs.needReadReceipt).toBe(true);
    await data(leo.tim.sendMessageReadReceipt([theirs as never]));
    await eventually(() => expect(kim.seen(TIM.EVENT.MESSAGE_READ_RECEIPT_RECEIVED).flat()).toContainEqual({ groupID, messageID: asked?.ID, readCount: 1, unreadCount: 1 }));
    const list = await data<{ messageList: Array<Msg & { readReceiptInfo: unknown }> }>(kim.tim.getMessageReadReceiptList([asked as never]));
    expect(list.messageList[0]?.readReceiptInfo).toMatchObject({ readCount: 1, unreadCount: 1 });
    const readers = await data<Record<string, unknown>>(kim.tim.getGroupMessageReadMemberList({ message: asked as never, cursor: '', filter: 0, count: 10 }));
    expect(readers).toMatchObject({ messageID: asked?.ID, readUserIDList: ['tm-leo'], isCompleted: true });
  });

  it('getMessageListHopping pages a group from a sequence, older or newer', async () => {
    const { TIM } = kim;
    const owner = await h.login('tm-hop-owner');
    const { group } = await groupsOf(owner).create({ name: 'hop', type: GroupType.PUBLIC, joinOption: JoinOption.FREE, members: ['tm-kim'] });
    const groupID = group.groupId ?? '';
    const sent: Msg[] = [];
    await eventually(async () => {
      const m = kim.tim.createTextMessage({ to: groupID, conversationType: TIM.TYPES.CONV_GROUP, payload: { text: 'h0' } }) as unknown as Msg;
      await data(kim.tim.sendMessage(m as never));
      sent.push(m);
    });
    for (let i = 1; i < 6; i++) {
      const m = kim.tim.createTextMessage({ to: groupID, conversationType: TIM.TYPES.CONV_GROUP, payload: { text: `h${i}` } }) as unknown as Msg;
      await data(kim.tim.sendMessage(m as never));
      sent.push(m);
    }
    const middle = sent[3] as Msg;
    const older = await data<{ messageList: Msg[]; isCompleted: boolean; nextMessageSeq: number | string }>(kim.tim.getMessageListHopping({ conversationID: `GROUP${groupID}`, sequence: middle.sequence, count: 2 }));
    expect(older.messageList.map((m) => m.payload.text)).toEqual(['h2', 'h3']);
    expect(older).toMatchObject({ isCompleted: false, nextMessageSeq: (sent[2] as Msg).sequence - 1 });
    const newer = await data<{ messageList: Msg[]; isCompleted: boolean }>(kim.tim.getMessageListHopping({ conversationID: `GROUP${groupID}`, sequence: middle.sequence, direction: 1, count: 5 }));
    expect(newer.messageList.map((m) => m.payload.text)).toEqual(['h3', 'h4', 'h5']);
    expect(newer.isCompleted).toBe(true);
  });
});

describe('TIM messages: parameters and refusals', () => {
  let ivy: TimPage;
  beforeAll(async () => {
    ivy = await timPage(h, 'tm-ivy');
  });

  it('bad arguments throw synchronously, as tim-js-sdk does', () => {
    const { tim, TIM } = ivy;
    const C2C = TIM.TYPES.CONV_C2C;
    const bad = 'Params validate failed.';
    expect(() => tim.createTextMessage({ to: 'x', conversationType: C2C, payload: { text: '' } })).toThrow(bad);
    expect(() => tim.createTextMessage({ conversationType: C2C, payload: { text: 'a' } } as never)).toThrow(bad);
    expect(() => tim.createTextMessage({ to: 'x', payload: { text: 'a' } } as never)).toThrow(bad);
    expect(() => tim.createCustomMessage({ to: 'x', conversationType: C2C, payload: { data: 5 } })).toThrow(bad);
    expect(() => tim.createFaceMessage({ to: 'x', conversationType: C2C, payload: { index: '1', data: '' } })).toThrow(bad);
    expect(() => tim.createLocationMessage({ to: 'x', conversationType: C2C, payload: { description: 'd', longitude: '1', latitude: 2 } })).toThrow(bad);
    expect(() => tim.createImageMessage({ to: 'x', conversationType: C2C, payload: {} })).toThrow(bad);
    expect(() => tim.createImageMessage({ to: 'x', conversationType: C2C, payload: { file: { files: [] } } })).toThrow(bad);
    expect(() => tim.createTextAtMessage({ to: 'g', conversationType: TIM.TYPES.CONV_GROUP, payload: { text: 'a', atUserList: 'all' } })).toThrow(bad);
    expect(() => tim.getMessageList({ conversationID: 'nope' })).toThrow(bad);
    expect(() => tim.getMessageList({ conversationID: 'C2Cx', count: 0 })).toThrow(bad);
    expect(() => tim.getMessageList({ conversationID: 'C2Cx', count: 1.5 })).toThrow(bad);
    expect(() => tim.getMessageListHopping({ conversationID: 'C2Cx', direction: 2 })).toThrow(bad);
    expect(() => tim.setMessageRead({ conversationID: '' })).toThrow(bad);
    expect(() => tim.deleteMessage([])).toThrow(bad);
    expect(tim.createTextMessage({ to: 'x', conversationType: C2C, payload: 'bare string' } as never)).toMatchObject({ payload: { text: 'bare string' } });
  });

  it('refusals reject with the vendor’s codes', async () => {
    const { tim, TIM } = ivy;
    const C2C = TIM.TYPES.CONV_C2C;
    await expect(tim.sendMessage({ ID: 'x' } as never)).rejects.toMatchObject({ code: 2105 });
    await expect(tim.translateText({ sourceTextList: ['hi'], sourceLanguage: 'en', targetLanguage: 'zh' })).rejects.toMatchObject({ code: 2117 });

    const big = tim.createImageMessage({ to: 'tm-alice', conversationType: C2C, payload: { file: new Blob([new Uint8Array(20 * MB + 1)], { type: 'image/png' }) } }) as unknown as Msg;
    const bigError = await tim.sendMessage(big as never).catch((e: unknown) => e);
    expect(bigError).toMatchObject({ code: 2253, data: { message: big } });
    expect(big.status).toBe('fail');
    const empty = tim.createFileMessage({ to: 'tm-alice', conversationType: C2C, payload: { file: new File([], 'empty.txt') } });
    await expect(tim.sendMessage(empty)).rejects.toMatchObject({ code: 2401 });
    const wrongType = tim.createTextMessage({ to: 'x', conversationType: TIM.TYPES.CONV_SYSTEM, payload: { text: 'a' } });
    await expect(tim.sendMessage(wrongType)).rejects.toMatchObject({ code: 2106 });

    const system = { ID: 's', conversationType: TIM.TYPES.CONV_SYSTEM, conversationID: '@TIM#SYSTEM', status: 'success' };
    await expect(tim.deleteMessage([system as never])).rejects.toMatchObject({ code: 2116 });
    expect(() => tim.revokeMessage(system as never)).toThrow('Params validate failed.');
    const notMerger = tim.createTextMessage({ to: 'x', conversationType: C2C, payload: { text: 'a' } });
    await expect(tim.downloadMergeMessage(notMerger)).rejects.toMatchObject({ code: 2450 });
  });
});
