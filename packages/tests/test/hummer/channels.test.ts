import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type Harness } from '../helpers/harness.js';
import { type HummerPage, hummerPage, type Seen, startHummerHarness } from '../helpers/hummer.js';

let h: Harness;
beforeAll(async () => {
  h = await startHummerHarness();
});
afterAll(async () => {
  await h.stop(true);
});

interface P2C {
  opUid: string;
  message: { msgType: number; content: string; uuid: string; timestamp: number; uid: string; extra: string; kvExtra: Record<string, string>; appExtras: Record<string, string> };
  appExtras: Record<string, string>;
}

/** A Channel object of `page` that records `P2CMessageReceived`. */
function channelOf(page: HummerPage, channelId: string) {
  const channel = page.hummer.createChannel({ region: 'cn', channelId });
  const events: Seen[] = [];
  channel.on('P2CMessageReceived', ((data: unknown) => events.push({ name: 'P2CMessageReceived', data })) as never);
  const received = () => events.map((e) => e.data as P2C);
  return { channel, received, contents: () => received().map((m) => `${m.opUid}:${m.message.content}`) };
}

const text = (page: HummerPage, content: string) => page.mod.createMessage(page.mod.MsgType.TEXT, content);
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Hummer channels (P2C)', () => {
  it('two members exchange P2C messages both ways with opUid and appExtras; the sender gets no copy; other channels hear nothing', async () => {
    const a = await hummerPage(h, '910001');
    const b = await hummerPage(h, '910002');
    const atA = channelOf(a, 'news');
    const atB = channelOf(b, 'news');
    const elsewhere = channelOf(b, 'sports');
    expect(await atA.channel.joinChannel()).toEqual({ rescode: 0, msg: 'OK' });
    await atB.channel.joinChannel();
    await elsewhere.channel.joinChannel();

    expect(await atA.channel.sendP2CMessage({ message: text(a, 'hello'), appExtras: { lang: 'en' } })).toEqual({ rescode: 0, msg: 'OK' });
    await eventually(() => expect(atB.contents()).toEqual(['910001:hello']));
    expect(atB.received()[0]).toEqual({
      opUid: '910001',
      message: { msgType: 0, content: 'hello', uuid: expect.any(String), timestamp: expect.any(Number), uid: '910001', extra: '', kvExtra: {}, appExtras: { lang: 'en' } },
      appExtras: { lang: 'en' },
    });
    await atB.channel.sendP2CMessage({ message: text(b, '你好') });
    await eventually(() => expect(atA.contents()).toEqual(['910002:你好']));
    expect(atA.received()[0]?.appExtras).toEqual({});
    await pause(300);
    expect(atA.contents()).toEqual(['910002:你好']);
    expect(atB.contents()).toEqual(['910001:hello']);
    expect(elsewhere.contents()).toEqual([]);
    expect(a.seen('P2PMessageReceived')).toEqual([]);
  });

  it('a member that left gets nothing more, and can join again', async () => {
    const a = await hummerPage(h, '920001');
    const b = await hummerPage(h, '920002');
    const atA = channelOf(a, 'lobby');
    const atB = channelOf(b, 'lobby');
    await atA.channel.joinChannel();
    await atB.channel.joinChannel();
    await atA.channel.sendP2CMessage({ message: text(a, 'first') });
    await eventually(() => expect(atB.contents()).toEqual(['920001:first']));

    expect(await atB.channel.leaveChannel()).toEqual({ rescode: 0, msg: 'OK' });
    await atA.channel.sendP2CMessage({ message: text(a, 'second') });
    await pause(400);
    expect(atB.contents()).toEqual(['920001:first']);
    // Leaving again is harmless; sending after leaving is refused.
    expect(await atB.channel.leaveChannel()).toMatchObject({ rescode: 0 });
    await expect(atB.channel.sendP2CMessage({ message: text(b, 'x') })).rejects.toMatchObject({ rescode: 2004 });

    await atB.channel.joinChannel();
    await atA.channel.sendP2CMessage({ message: text(a, 'third') });
    await eventually(() => expect(atB.contents()).toEqual(['920001:first', '920001:third']));
  });

  it('refusals: sending without joining (2004), joining twice (2005), a message that is not TEXT (1002), before login (1009)', async () => {
    const a = await hummerPage(h, '930001');
    const ch = channelOf(a, 'rules');
    await expect(ch.channel.sendP2CMessage({ message: text(a, 'not yet') })).rejects.toEqual({ rescode: 2004, msg: expect.any(String) });
    await ch.channel.joinChannel();
    await expect(ch.channel.joinChannel()).rejects.toMatchObject({ rescode: 2005 });
    await expect(ch.channel.sendP2CMessage({ message: { msgType: 2, content: 'bin' } })).rejects.toMatchObject({ rescode: 1002 });
    await expect(ch.channel.sendP2CMessage({ message: text(a, 'x'), appExtras: ['a'] })).rejects.toMatchObject({ rescode: 1002 });
    await expect(a.hummer.createChannel({ region: 'cn', channelId: '' }).joinChannel()).rejects.toMatchObject({ rescode: 1002 });
    const out = await hummerPage(h, '930002', { login: false });
    await expect(out.hummer.createChannel({ region: 'cn', channelId: 'rules' }).joinChannel()).rejects.toMatchObject({ rescode: 1009 });
  });

  it('no history and no offline delivery: a member away when a message was sent never gets it; logout drops the membership', async () => {
    const a = await hummerPage(h, '940001');
    const b = await hummerPage(h, '940002');
    const atA = channelOf(a, 'ephemeral');
    const atB = channelOf(b, 'ephemeral');
    await atA.channel.joinChannel();
    await atB.channel.joinChannel();
    await b.hummer.logout();
    await atA.channel.sendP2CMessage({ message: text(a, 'while away') });

    const back = await hummerPage(h, '940002');
    const again = channelOf(back, 'ephemeral');
    await again.channel.joinChannel();
    await atA.channel.sendP2CMessage({ message: text(a, 'welcome back') });
    await eventually(() => expect(again.contents()).toEqual(['940001:welcome back']));
    await pause(300);
    expect(again.contents()).toEqual(['940001:welcome back']);
    expect(atB.contents()).toEqual([]);
    expect(back.seen('P2PMessageReceived')).toEqual([]);
    // The logged-out object holds no channel any more.
    await expect(atB.channel.sendP2CMessage({ message: text(b, 'x') })).rejects.toMatchObject({ rescode: 1009 });
  });
});
