import { type Message, RequestError, roomsOf } from '@parley/core';
import { ErrorCode } from '@parley/protocol/codes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP, eventually, type Harness, startHarness, textOf } from './helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  // Counts pushed at once; a dropped session is evicted after 300 ms but may resume for a minute.
  h = await startHarness({}, { ...APP, policy: { ...APP.policy, roomCountPushIntervalMs: 0, roomEvictAfterMs: 300 } });
});
afterAll(async () => {
  await h?.stop();
});

const CHANNEL = 2; // RoomKind.CHANNEL
const text = (body: string) => [{ text: { text: body } }];
const sorted = (ids: readonly string[]) => [...ids].sort();

async function liveRoom(owner: string, init: Record<string, unknown> = {}) {
  const host = await h.login(owner);
  const room = await roomsOf(host).create({ name: `${owner}'s room`, ...init });
  return { host, roomId: room.roomId ?? '' };
}

describe('RoomsApi against a real server', () => {
  it('joining shows the newcomer to the others (presence, count) and messages flow live both ways', async () => {
    const { host, roomId } = await liveRoom('rm-host');
    const hostRoom = await roomsOf(host).join(roomId);
    expect(hostRoom.members).toEqual(['rm-host']);
    expect(hostRoom.count).toBe(1);
    expect(hostRoom.profile.name).toBe("rm-host's room");
    const presence: string[] = [];
    const counts: number[] = [];
    hostRoom.on('presence', (c) => presence.push(...c.joined.map((id) => `+${id}`), ...c.left.map((id) => `-${id}`)));
    hostRoom.on('count', (n) => counts.push(n));

    const guest = await h.login('rm-guest');
    const guestRoom = await roomsOf(guest).join(roomId);
    expect(sorted(guestRoom.members)).toEqual(['rm-guest', 'rm-host']);
    expect(guestRoom.count).toBe(2);
    await eventually(() => expect(presence).toEqual(['+rm-guest']));
    await eventually(() => expect(hostRoom.count).toBe(2));
    expect(counts).toContain(2);
    expect(sorted(hostRoom.members)).toEqual(['rm-guest', 'rm-host']);

    const atHost: Message[] = [];
    const atGuest: Message[] = [];
    hostRoom.on('message', (m) => atHost.push(m));
    guestRoom.on('message', (m) => atGuest.push(m));
    const sent = await guestRoom.send(text('hello room'));
    expect(sent).toMatchObject({ status: 'sent', seq: 0, convId: `room:${roomId}` });
    expect(sent.serverMsgId).toBeTruthy();
    await eventually(() => expect(atHost.map(textOf)).toEqual(['hello room']));
    expect(atHost[0]?.senderId).toBe('rm-guest');
    await hostRoom.send(text('welcome'));
    await eventually(() => expect(atGuest.map(textOf)).toEqual(['welcome']));
    expect(atGuest[0]?.seq).toBe(0);

    await guestRoom.leave();
    await eventually(() => expect(presence).toEqual(['+rm-guest', '-rm-guest']));
    await eventually(() => expect(hostRoom.count).toBe(1));
  });

  it('a second handle on the same client keeps the room when the first one leaves', async () => {
    const { host, roomId } = await liveRoom('rh-host');
    const hostRoom = await roomsOf(host).join(roomId);
    const left: string[] = [];
    hostRoom.on('presence', (c) => left.push(...c.left));
    const viewer = await h.login('rh-viewer');
    const first = await roomsOf(viewer).join(roomId);
    const second = await roomsOf(viewer).join(roomId);
    expect(roomsOf(viewer).handles(roomId)).toEqual([first, second]);
    expect(second.members).toEqual(first.members);

    const atFirst: Message[] = [];
    const atSecond: Message[] = [];
    first.on('message', (m) => atFirst.push(m));
    second.on('message', (m) => atSecond.push(m));
    await first.leave();
    expect(first.active).toBe(false);
    expect(second.active).toBe(true);
    await first.leave(); // a closed handle leaves again without a request

    expect(await roomsOf(host).count(roomId)).toBe(2);
    expect(sorted((await roomsOf(host).listMembers(roomId)).userIds)).toEqual(['rh-host', 'rh-viewer']);
    await hostRoom.send(text('still there?'));
    await eventually(() => expect(atSecond.map(textOf)).toEqual(['still there?']));
    expect(atFirst).toEqual([]);
    expect(left).toEqual([]);

    await second.leave();
    await eventually(() => expect(left).toEqual(['rh-viewer']));
    expect(await roomsOf(host).count(roomId)).toBe(1);
  });

  it('moderation: a kick closes the kicked handle and bans re-entry; a mute refuses sends', async () => {
    const { host, roomId } = await liveRoom('rk-host');
    const hostRoom = await roomsOf(host).join(roomId);
    const loud = await h.login('rk-loud');
    const loudRoom = await roomsOf(loud).join(roomId);
    const rude = await h.login('rk-rude');
    const rudeRoom = await roomsOf(rude).join(roomId);
    await eventually(() => expect(hostRoom.members.length).toBe(3));

    const mutes: boolean[] = [];
    loudRoom.on('mute', (m) => mutes.push(m.muted));
    await roomsOf(host).mute(roomId, ['rk-loud'], { secs: 60, secsText: '60', reason: 'shh' });
    await eventually(() => expect(mutes).toEqual([true]));
    expect(loudRoom.muted).toBe(true);
    await expect(loudRoom.send(text('!!!'))).rejects.toMatchObject({ code: ErrorCode.MUTED });
    expect(await roomsOf(host).listMuted(roomId)).toEqual(['rk-loud']);
    await roomsOf(host).unmute(roomId, ['rk-loud']);
    await eventually(() => expect(loudRoom.muted).toBe(false));

    const kicks: Array<{ userIds: string[]; banSecs: number; reason: string }> = [];
    rudeRoom.on('kick', (k) => kicks.push(k));
    loudRoom.on('kick', (k) => kicks.push(k));
    await roomsOf(host).kick(roomId, ['rk-rude'], { banSecs: 60, reason: 'rude' });
    expect(hostRoom.members).not.toContain('rk-rude');
    await eventually(() => expect(kicks.length).toBe(2));
    expect(kicks[0]).toMatchObject({ userIds: ['rk-rude'], banSecs: 60, reason: 'rude', by: 'rk-host' });
    expect(rudeRoom.active).toBe(false);
    expect(loudRoom.active).toBe(true);
    await eventually(() => expect(loudRoom.members).not.toContain('rk-rude'));
    const again = await roomsOf(rude).join(roomId).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(RequestError);
    expect((again as RequestError).code).toBe(ErrorCode.BANNED);
  });

  it('profile, member attributes and room attributes reach the others; a dismissal closes every handle', async () => {
    const { host, roomId } = await liveRoom('ra-host');
    const hostRoom = await roomsOf(host).join(roomId);
    const fan = await h.login('ra-fan');
    const fanRoom = await roomsOf(fan).join(roomId);

    const bulletins: string[] = [];
    fanRoom.on('profile', (c) => bulletins.push(c.profile.bulletin ?? ''));
    await roomsOf(host).update(roomId, { bulletin: 'tonight at 8' });
    expect(hostRoom.profile.bulletin).toBe('tonight at 8');
    await eventually(() => expect(bulletins).toEqual(['tonight at 8']));
    expect(fanRoom.profile.bulletin).toBe('tonight at 8');

    const memberAttrs: Array<{ userId: string; attributes: Record<string, string> }> = [];
    hostRoom.on('memberAttrs', (c) => memberAttrs.push(c));
    await fanRoom.setMemberAttrs({ seat: 'A1' });
    await eventually(() => expect(memberAttrs).toEqual([{ userId: 'ra-fan', attributes: { seat: 'A1' } }]));
    expect(await roomsOf(host).listMemberAttrs(roomId)).toEqual({ 'ra-fan': { seat: 'A1' } });

    const written = await roomsOf(host).writeAttributes(roomId, 'replace', { entries: { topic: 'jazz' } });
    expect(written.values).toEqual({ topic: 'jazz' });
    expect(hostRoom.attributes).toEqual({ topic: 'jazz' });
    await eventually(() => expect(fanRoom.attributes).toEqual({ topic: 'jazz' }));
    expect((await roomsOf(fan).getAttributes(roomId)).entries.topic).toMatchObject({ value: 'jazz', lastWriter: 'ra-host' });

    const dismissed: string[] = [];
    fanRoom.on('dismissed', (c) => dismissed.push(c.by));
    await roomsOf(host).dismiss(roomId);
    expect(hostRoom.active).toBe(false);
    await eventually(() => expect(dismissed).toEqual(['ra-host']));
    expect(fanRoom.active).toBe(false);
    expect(roomsOf(fan).handles()).toEqual([]);
  });

  it('a room that keeps history gives sent messages a seq and serves them back', async () => {
    const { host, roomId } = await liveRoom('rs-host', { historyPolicy: 'full:7' });
    const hostRoom = await roomsOf(host).join(roomId);
    const reader = await h.login('rs-reader');
    const readerRoom = await roomsOf(reader).join(roomId);
    const live: Message[] = [];
    readerRoom.on('message', (m) => live.push(m));
    const first = await hostRoom.send(text('one'));
    const second = await hostRoom.send(text('two'));
    expect(first.seq).toBeGreaterThan(0);
    expect(second.seq).toBe(first.seq + 1);
    await eventually(() => expect(live.map(textOf)).toEqual(['one', 'two']));
    const page = await readerRoom.history({ limit: 10 });
    expect(page.messages.map(textOf)).toEqual(['one', 'two']);
    const older = await readerRoom.history({ anchor: { seq: second.seq }, limit: 10 });
    expect(older.messages.map(textOf)).toEqual(['one']);
  });

  it('channels are entered by id and carry messages under channel:<id>', async () => {
    const a = await h.login('ch-a');
    const b = await h.login('ch-b');
    const aChan = await roomsOf(a).join('ch-news', { kind: CHANNEL });
    const bChan = await roomsOf(b).join('ch-news', { kind: CHANNEL });
    expect(aChan.convId).toBe('channel:ch-news');
    const got: Message[] = [];
    bChan.on('message', (m) => got.push(m));
    await aChan.send(text('breaking'));
    await eventually(() => expect(got.map((m) => [m.convId, textOf(m)])).toEqual([['channel:ch-news', 'breaking']]));
    expect(await roomsOf(b).count({ roomId: 'ch-news', kind: CHANNEL })).toBe(2);
  });

  it('a session away past the eviction grace resumes with its handles evicted; a logout evicts too', async () => {
    const { host, roomId } = await liveRoom('re-host');
    const hostRoom = await roomsOf(host).join(roomId);
    const left: string[] = [];
    hostRoom.on('presence', (c) => left.push(...c.left));
    let setOnline: (online: boolean) => void = () => {};
    let online = true;
    const away = h.client({
      environment: {
        online: () => online,
        onOnlineChange: (listener) => {
          setOnline = (value) => {
            online = value;
            listener(value);
          };
          return () => {};
        },
      },
    });
    await away.login({ credential: { nativeToken: { userId: 're-away', token: await h.token('re-away') } } });
    const sessionId = away.connection.session?.sessionId;
    const awayRoom = await roomsOf(away).join(roomId);
    const reasons: string[] = [];
    awayRoom.on('evicted', (reason) => reasons.push(reason));

    setOnline(false);
    await eventually(() => expect(left).toEqual(['re-away']));
    expect(awayRoom.active).toBe(true);
    setOnline(true);
    await eventually(() => expect(reasons).toEqual(['timeout']));
    expect(away.connection.session?.sessionId).toBe(sessionId);
    expect(awayRoom.active).toBe(false);
    await eventually(() => expect(away.state).toBe('ready'));

    const back = await roomsOf(away).join(roomId);
    const after: string[] = [];
    back.on('evicted', (reason) => after.push(reason));
    await away.logout();
    expect(after).toEqual(['session']);
    expect(back.active).toBe(false);
  });
});
