import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type Harness } from '../helpers/harness.js';
import { type MlPage, mlPage, startMaxleapHarness } from '../helpers/maxleap.js';

/** A 1×1 PNG. */
const PNG = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='), (c) => c.charCodeAt(0));

let h: Harness;
let a: MlPage;
let b: MlPage;
/** An instance with no identity: REST helpers only, as the vendor's own tests use them. */
let app: MlPage;

const op = (name: string, subject: string, body: unknown) => h.admin(`ops/${name}?subject=${encodeURIComponent(subject)}`, body);
const befriend = (userId: string, friendId: string) => h.admin('friends/add', { userId, friendId });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pngForm = (field = 'userfile') => {
  const form = new FormData();
  form.append(field, new Blob([PNG], { type: 'image/png' }), 'dot.png');
  return form;
};
const bodies = (page: MlPage) => page.messages.map((m) => (m.content as { body: unknown }).body);

beforeAll(async () => {
  // No resume grace: a friend who drops goes offline at once.
  h = await startMaxleapHarness({ resumeGraceMs: 0 });
  for (const id of ['ml-a', 'ml-b', 'ml-c']) await h.token(id);
  await befriend('ml-a', 'ml-b');
  await op('groupCreate', 'ml-a', { group: { groupId: 'ml-g1', name: 'G1' }, members: [{ userId: 'ml-b' }] });
  await op('roomCreate', 'ml-a', { room: { roomId: 'ml-r1', kind: 1, name: 'R1', memberIds: ['ml-a', 'ml-b', 'ml-c'] } });
  a = await mlPage(h, { userId: 'ml-a' });
  b = await mlPage(h, { userId: 'ml-b' });
  app = await mlPage(h, {});
});
afterAll(async () => {
  await h.stop(true);
});

describe('ML.im messages', () => {
  it('friends exchange text both ways: onMessage {from: {id, type: 0}, content: {media: 0, body}, ts}', async () => {
    a.im.toFriend('ml-b').text('hello b').ok();
    await eventually(() => expect(b.messages).toContainEqual({ from: { id: 'ml-a', type: 0 }, content: { media: 0, body: 'hello b' }, ts: expect.any(Number) }));
    b.im.toFriend('ml-a').text('hello a').ok();
    await eventually(() => expect(a.messages).toContainEqual({ from: { id: 'ml-b', type: 0 }, content: { media: 0, body: 'hello a' }, ts: expect.any(Number) }));
    // Own sends never come back to the sending session.
    expect(bodies(a)).not.toContain('hello b');
    expect(a.yourself).toEqual([]);
  });

  it('image(FormData).ok() uploads first: the receiver gets media 1 and a URL that serves the bytes', async () => {
    a.im.toFriend('ml-b').image(pngForm()).ok();
    await eventually(() => expect(b.messages.some((m) => (m.content as { media: number }).media === 1)).toBe(true));
    const image = b.messages.find((m) => (m.content as { media: number }).media === 1);
    const url = (image?.content as { body: unknown } | undefined)?.body;
    expect(typeof url).toBe('string');
    const res = await fetch(url as string);
    expect(res.status).toBe(200);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(PNG);
    // Stored as a real image: history shows the same URL.
    const history = await app.call('getRecentChat', 'ml-b', 'ml-a', 0, 1);
    expect(history.data).toEqual([{ speaker: 'ml-a', content: { media: 1, body: url }, ts: expect.any(Number) }]);
    // An uploaded URL goes as it is with mediaUrl(…).send().
    a.im.toFriend('ml-b').mediaUrl({ media: 3, body: url as string }).send();
    await eventually(() => expect(b.messages).toContainEqual({ from: { id: 'ml-a', type: 0 }, content: { media: 3, body: url }, ts: expect.any(Number) }));
  });

  it('messages sent while the user was away arrive on onMessage at the next login, once', async () => {
    await h.token('ml-d');
    a.im.toFriend('ml-d').text('while you were away').ok();
    await eventually(async () => {
      const sent = await app.call('getRecentChat', 'ml-a', 'ml-d', 0, 1);
      expect(sent.data).toHaveLength(1);
    });
    const d = await mlPage(h, { userId: 'ml-d' });
    await eventually(() => expect(d.messages).toEqual([{ from: { id: 'ml-a', type: 0 }, content: { media: 0, body: 'while you were away' }, ts: expect.any(Number) }]));
    const again = await mlPage(h, { userId: 'ml-d' });
    await sleep(300);
    expect(again.messages).toEqual([]);
  });

  it('a second session of the same user gets its other session’s sends on yourself {to, content, ts}', async () => {
    const a2 = await mlPage(h, { userId: 'ml-a' });
    a.im.toFriend('ml-b').text('from session one').ok();
    await eventually(() => expect(a2.yourself).toContainEqual({ to: { id: 'ml-b', type: 0 }, content: { media: 0, body: 'from session one' }, ts: expect.any(Number) }));
    await eventually(() => expect(bodies(b)).toContain('from session one'));
    expect(a.yourself).toEqual([]);
    expect(bodies(a2)).not.toContain('from session one');
  });

  it('group messages carry from.gid; getGroupChat pages them by ts (strings accepted)', async () => {
    for (const text of ['g1', 'g2', 'g3']) {
      a.im.toGroup('ml-g1').text(text).ok();
      await eventually(() => expect(bodies(b)).toContain(text));
      await sleep(5);
    }
    expect(b.messages).toContainEqual({ from: { id: 'ml-a', type: 1, gid: 'ml-g1' }, content: { media: 0, body: 'g1' }, ts: expect.any(Number) });
    const last2 = await app.call('getGroupChat', 'ml-g1', '0', '2');
    expect(last2.err).toBeNull();
    const records = last2.data as Array<{ speaker: string; content: { media: number; body: string }; ts: number }>;
    expect(records.map((r) => r.content.body)).toEqual(['g2', 'g3']);
    expect(records[0]).toEqual({ speaker: 'ml-a', content: { media: 0, body: 'g2' }, ts: expect.any(Number) });
    const before = await app.call('getGroupChat', 'ml-g1', String(records[0]?.ts), 10);
    expect((before.data as Array<{ content: { body: string } }>).map((r) => r.content.body)).toEqual(['g1']);
  });

  it('room messages reach the members online only and are not kept', async () => {
    a.im.toRoom('ml-r1').text('room hello').ok();
    await eventually(() => expect(b.messages).toContainEqual({ from: { id: 'ml-a', type: 2, gid: 'ml-r1' }, content: { media: 0, body: 'room hello' }, ts: expect.any(Number) }));
    const late = await mlPage(h, { userId: 'ml-c' });
    await sleep(300);
    expect(bodies(late)).not.toContain('room hello');
  });

  it('getRecentChat: the size records before ts, ascending; ts and size may be strings; bad ts is 5001', async () => {
    for (const text of ['h1', 'h2', 'h3', 'h4']) {
      b.im.toFriend('ml-a').text(text).ok();
      await eventually(() => expect(bodies(a)).toContain(text));
      await sleep(5);
    }
    const page = await app.call('getRecentChat', 'ml-a', 'ml-b', 0, '2');
    const newest = page.data as Array<{ speaker: string; content: { body: string }; ts: number }>;
    expect(newest.map((r) => [r.speaker, r.content.body])).toEqual([
      ['ml-b', 'h3'],
      ['ml-b', 'h4'],
    ]);
    expect(newest[0]?.ts).toBeLessThanOrEqual(newest[1]?.ts ?? 0);
    const older = await app.call('getRecentChat', 'ml-a', 'ml-b', String(newest[0]?.ts), 2);
    expect((older.data as Array<{ content: { body: string } }>).map((r) => r.content.body)).toEqual(['h1', 'h2']);
    // The same conversation read from the friend's side.
    const mirrored = await app.call('getRecentChat', 'ml-b', 'ml-a', '', 1);
    expect((mirrored.data as Array<{ content: { body: string } }>).map((r) => r.content.body)).toEqual(['h4']);
    const bad = await app.call('getRecentChat', 'ml-a', 'ml-b', 'yesterday', 2);
    expect(JSON.parse(bad.err as string)).toMatchObject({ errorCode: 5001 });
  });

  it('sysToUser, sysToGroup, sysToRoom and sysToAll answer {} and arrive on sys {content, ts}', async () => {
    const content = (body: string) => ({ content: { media: 0, body }, ts: 1_455_613_127_766 });
    expect(await app.call('sysToUser', 'ml-b', content('to user'))).toEqual({ err: null, data: {} });
    expect(await app.call('sysToGroup', 'ml-g1', content('to group'))).toEqual({ err: null, data: {} });
    expect(await app.call('sysToRoom', 'ml-r1', content('to room'))).toEqual({ err: null, data: {} });
    expect(await app.call('sysToAll', content('to all'))).toEqual({ err: null, data: {} });
    for (const body of ['to user', 'to group', 'to room', 'to all']) {
      await eventually(() => expect(b.sys).toContainEqual({ content: { media: 0, body }, ts: 1_455_613_127_766 }));
    }
    await eventually(() => expect(a.sys.map((s) => (s.content as { body: string }).body)).toEqual(expect.arrayContaining(['to group', 'to room', 'to all'])));
    expect(a.sys.map((s) => (s.content as { body: string }).body)).not.toContain('to user');
    const missing = await app.call('sysToUser', 'ml-b', {});
    expect(JSON.parse(missing.err as string)).toMatchObject({ errorCode: 5001 });
  });

  it('online(id) / offline(id) fire when a friend connects and disconnects', async () => {
    for (const id of ['ml-p1', 'ml-p2']) await h.token(id);
    await befriend('ml-p1', 'ml-p2');
    const p1 = await mlPage(h, { userId: 'ml-p1' });
    // The friend list is subscribed right after the login.
    await sleep(300);
    await mlPage(h, { userId: 'ml-p2' });
    await eventually(() => expect(p1.online).toEqual(['ml-p2']));
    await h.admin('kick', { userId: 'ml-p2' });
    await eventually(() => expect(p1.offline).toEqual(['ml-p2']));
  });

  it('attachment(FormData) → [url, thumbUrl]; a file that is no image gets its URL twice', async () => {
    const image = await a.call('attachment', pngForm('attachment'));
    expect(image.err).toBeNull();
    const [url, thumb] = image.data as string[];
    expect(image.data).toHaveLength(2);
    expect((await fetch(url as string)).status).toBe(200);
    expect(thumb).not.toBe(url);
    expect((await fetch(thumb as string)).status).toBe(200);
    const form = new FormData();
    form.append('userfile', new Blob(['plain text'], { type: 'text/plain' }), 'note.txt');
    const text = await a.call('attachment', form);
    const [fileUrl, again] = text.data as string[];
    expect(again).toBe(fileUrl);
    expect(await (await fetch(fileUrl as string)).text()).toBe('plain text');
    const bad = await a.call('attachment', 'not a form');
    expect(JSON.parse(bad.err as string)).toMatchObject({ errorCode: 5001 });
  });

  it('getPassengerRecentChat returns the history between a visitor and a user', async () => {
    const visitor = await mlPage(h, { passenger: {} });
    const id = visitor.logins[0]?.id as string;
    a.im.toFriend(id).text('how can I help?').ok();
    await eventually(() => expect(visitor.messages).toContainEqual({ from: { id: 'ml-a', type: 0 }, content: { media: 0, body: 'how can I help?' }, ts: expect.any(Number) }));
    const history = await app.call('getPassengerRecentChat', id, 'ml-a', Date.now() + 1000, 10);
    expect(history).toEqual({ err: null, data: [{ speaker: 'ml-a', content: { media: 0, body: 'how can I help?' }, ts: expect.any(Number) }] });
  });
});
