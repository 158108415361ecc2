import { ClientCode, ConvMark, createText, ReceiveOpt, RequestError, chatOf, convsOf } from '@parley/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type Harness, startHarness, textOf } from './helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

const say = (convId: string, text: string) => ({ convId, ...createText(text) });

describe('ConversationsApi', () => {
  it('pins, drafts, marks and silences a row; the user’s second client follows through sync', async () => {
    await h.token('u-bob');
    const phone = await h.login('u-alice');
    const laptop = await h.login('u-alice');
    await phone.send(say('c2c:u-bob', 'hi'));
    await eventually(() => expect(laptop.conversation('c2c:u-bob')?.lastMessage && textOf(laptop.conversation('c2c:u-bob')!.lastMessage!)).toBe('hi'));

    const [row] = await convsOf(phone).update(['c2c:u-bob'], { pinned: true, draft: 'unsent words', receiveOpt: ReceiveOpt.SILENT, marksSet: ConvMark.STAR | ConvMark.UNREAD });
    expect(row).toMatchObject({ pinned: true, receiveOpt: 1, marks: 3, draft: { text: 'unsent words' } });
    expect(phone.conversation('c2c:u-bob')).toMatchObject({ pinned: true, receiveOpt: 1, draft: { text: 'unsent words' } });

    await eventually(() => expect(laptop.conversation('c2c:u-bob')).toMatchObject({ pinned: true, receiveOpt: 1, marks: 3, draft: { text: 'unsent words' } }));

    await convsOf(phone).update(['c2c:u-bob'], { draft: null, marksClear: ConvMark.UNREAD, receiveOpt: ReceiveOpt.NOTIFY });
    await eventually(() => {
      const synced = laptop.conversation('c2c:u-bob');
      expect(synced?.draft ?? null).toBeNull();
      expect(synced).toMatchObject({ marks: 1, pinned: true });
      expect(synced?.receiveOpt ?? 0).toBe(ReceiveOpt.NOTIFY);
    });

    const unchanged = await convsOf(phone).update(['c2c:u-bob'], { pinned: true }, { failIfUnchanged: true }).catch((e: unknown) => e);
    expect(unchanged).toBeInstanceOf(RequestError);
    expect((unchanged as RequestError).code).toBe(ClientCode.ALREADY_SET);
  });

  it('lists rows pinned first and leaves hidden rows out unless asked', async () => {
    await h.token('l-bob');
    await h.token('l-carol');
    await h.token('l-zed');
    const alice = await h.login('l-alice');
    await alice.send(say('c2c:l-bob', 'older'));
    await alice.send(say('c2c:l-carol', 'newer'));
    expect(convsOf(alice).list().map((r) => r.convId)).toEqual(['c2c:l-carol', 'c2c:l-bob']);
    await convsOf(alice).update(['c2c:l-bob'], { pinned: true });
    expect(convsOf(alice).list().map((r) => r.convId)).toEqual(['c2c:l-bob', 'c2c:l-carol']);
    expect(convsOf(alice).list({ pinnedFirst: false }).map((r) => r.convId)).toEqual(['c2c:l-carol', 'c2c:l-bob']);

    const [hidden] = await convsOf(alice).get(['c2c:l-zed'], { createIfMissing: true });
    expect(hidden?.visibility).toBe(1);
    expect(convsOf(alice).list().map((r) => r.convId)).not.toContain('c2c:l-zed');
    expect(convsOf(alice).list({ includeHidden: true }).map((r) => r.convId)).toContain('c2c:l-zed');
    expect(convsOf(alice).list({ type: 2 })).toEqual([]);

    const page = await convsOf(alice).serverList({ count: 1 });
    expect(page.conversations.map((r) => r.convId)).toEqual(['c2c:l-bob']);
    expect(page.completed).toBe(false);
    const rest = await convsOf(alice).serverList({ cursor: page.nextCursor, count: 10 });
    expect(rest.conversations.map((r) => r.convId)).toEqual(['c2c:l-carol']);
    expect(rest.completed).toBe(true);
  });

  it('deletes a row with its history: gone here and on the second client, kept for the peer', async () => {
    const bob = await h.login('x-bob');
    const phone = await h.login('x-alice');
    const laptop = await h.login('x-alice');
    await bob.send(say('c2c:x-alice', 'one'));
    await bob.send(say('c2c:x-alice', 'two'));
    await eventually(() => expect(laptop.messages('c2c:x-bob')).toHaveLength(2));
    await eventually(() => expect(phone.messages('c2c:x-bob')).toHaveLength(2));

    expect(await convsOf(phone).delete(['c2c:x-bob'], { clearHistory: true })).toEqual(['c2c:x-bob']);
    expect(phone.conversation('c2c:x-bob')).toBeUndefined();
    expect(phone.messages('c2c:x-bob')).toEqual([]);
    await eventually(() => expect(convsOf(laptop).list().map((r) => r.convId)).not.toContain('c2c:x-bob'));
    expect(bob.messages('c2c:x-alice').map(textOf)).toEqual(['one', 'two']);

    // The next message brings the row back, without the cleared history.
    await bob.send(say('c2c:x-alice', 'three'));
    await eventually(() => expect(phone.messages('c2c:x-bob').map(textOf)).toEqual(['three']));
    await eventually(() => expect(convsOf(phone).list().map((r) => r.convId)).toContain('c2c:x-bob'));
    expect((await chatOf(phone).history('c2c:x-bob')).messages.filter((m) => !m.hidden).map(textOf)).toEqual(['three']);
  });

  it('totals unread by vendor rule', async () => {
    const me = await h.login('n-me');
    const loud = await h.login('n-loud');
    const quiet = await h.login('n-quiet');
    await loud.send(say('c2c:n-me', 'a'));
    await quiet.send(say('c2c:n-me', 'b'));
    await quiet.send(say('c2c:n-me', 'c'));
    await eventually(() => expect(convsOf(me).totalUnread('all')).toBe(3));
    await convsOf(me).update(['c2c:n-quiet'], { receiveOpt: ReceiveOpt.SILENT });
    expect(convsOf(me).totalUnread('all')).toBe(3);
    expect(convsOf(me).totalUnread('tim')).toBe(1);
    expect(convsOf(me).totalUnread('openim')).toBe(1);
  });

  it('keeps settings and folders, on this client and the second one', async () => {
    await h.token('s-bob');
    const phone = await h.login('s-alice');
    const laptop = await h.login('s-alice');
    await phone.send(say('c2c:s-bob', 'x'));

    await convsOf(phone).updateSettings({ globalSilent: true });
    expect(phone.store.settings.globalSilent).toBe(true);
    await eventually(() => expect(laptop.store.settings.globalSilent).toBe(true));
    expect((await convsOf(laptop).getSettings()).globalSilent).toBe(true);
    const again = await convsOf(phone).updateSettings({ globalSilent: true }, { failIfUnchanged: true }).catch((e: unknown) => e);
    expect((again as RequestError).code).toBe(ClientCode.ALREADY_SET);

    await convsOf(phone).update(['c2c:s-bob'], { receiveOpt: ReceiveOpt.BLOCK });
    const { settings } = await convsOf(phone).getSettings({ nonDefaultOnly: true });
    expect(settings).toEqual([{ convId: 'c2c:s-bob', receiveOpt: 2 }]);

    await convsOf(phone).createFolder('work', ['c2c:s-bob']);
    expect(convsOf(phone).folders()).toEqual([{ name: 'work', convIds: ['c2c:s-bob'] }]);
    expect(phone.conversation('c2c:s-bob')?.folders).toEqual(['work']);
    await convsOf(phone).renameFolder('work', 'job');
    expect(convsOf(phone).folders().map((f) => f.name)).toEqual(['job']);
    expect(phone.conversation('c2c:s-bob')?.folders).toEqual(['job']);
    expect(await convsOf(laptop).fetchFolders()).toEqual([{ name: 'job', convIds: ['c2c:s-bob'] }]);
    await convsOf(phone).removeFromFolder('job', ['c2c:s-bob']);
    expect(convsOf(phone).folders()).toEqual([{ name: 'job', convIds: [] }]);
    await convsOf(phone).deleteFolder('job');
    expect(convsOf(phone).folders()).toEqual([]);
    expect(await convsOf(phone).fetchFolders()).toEqual([]);
  });
});
