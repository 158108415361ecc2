import { type Client, contactsOf, groupsOf } from '@parley/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type Harness } from '../helpers/harness.js';
import { JM_APPKEY, type JmPage, jmPage, ok, startJmHarness } from '../helpers/jmessage.js';

let h: Harness;
/** A native user of the tenant: it looks up tinyIds and owns the groups. */
let admin: Client;
beforeAll(async () => {
  h = await startJmHarness();
  admin = await h.login('jm_s_admin');
});
afterAll(async () => {
  await h.stop(true);
});

type Synced = Record<string, unknown> & { key: number; msgs: Array<Record<string, unknown> & { content: { from_id: string; msg_body: { text?: string } } }> };

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function tinyIdOf(userId: string): Promise<number> {
  const [profile] = await contactsOf(admin).getProfiles([userId]);
  return Number(profile?.tinyId);
}

/** Sends texts one after the other (so their order is the send order). */
async function sendTexts(page: JmPage, to: string, texts: readonly string[]): Promise<void> {
  for (const content of texts) await ok(page.jim.sendSingleMsg({ target_username: to, content }));
}

/** The one batch a page's onSyncConversation received (waits for it, then checks it was the only one). */
async function onlyBatch(page: JmPage): Promise<Synced[]> {
  await eventually(() => expect(page.syncs.length).toBeGreaterThan(0));
  await pause(300);
  expect(page.syncs).toHaveLength(1);
  return page.syncs[0] as Synced[];
}

const texts = (conv: Synced | undefined) => conv?.msgs.map((m) => m.content.msg_body.text);

/** Logs a page out and waits until the server has the acks of what it received. */
async function leave(page: JmPage): Promise<void> {
  await pause(700);
  page.jim.loginOut();
  await pause(100);
}

describe('JMessage onSyncConversation', () => {
  it('offline messages arrive once through onSyncConversation after login, grouped by key and in order, not through onMsgReceive', async () => {
    const sender = await jmPage(h, 'jm_s_sender');
    const receiver = await jmPage(h, 'jm_s_recv', { login: false });
    const { group } = await groupsOf(admin).create({ name: 'Offline Club', members: ['jm_s_sender', 'jm_s_recv'] });
    const gid = Number(group.groupId);
    await sendTexts(sender, 'jm_s_recv', ['one', 'two', 'three']);
    await ok(sender.jim.sendGroupMsg({ target_gid: gid, content: 'group hello', at_list: [] }));

    // An app that registers the listener in login's onSuccess still gets the batch.
    const late: unknown[] = [];
    await new Promise<void>((resolve) => {
      receiver.jim.login({ username: 'jm_s_recv', password: 'pw-jm_s_recv' }).onSuccess(() => {
        receiver.jim.onSyncConversation((data) => late.push(data));
        resolve();
      });
    });
    const batch = await onlyBatch(receiver);
    expect(late).toEqual([batch]);
    expect((batch as unknown as { messages: unknown }).messages).toBe(batch);
    expect(Object.keys(batch)).not.toContain('messages');
    expect(batch).toHaveLength(2);

    const single = batch.find((c) => c.msg_type === 3);
    expect(single).toMatchObject({ key: await tinyIdOf('jm_s_sender'), from_username: 'jm_s_sender', from_appkey: JM_APPKEY, unread_msg_count: expect.any(Number) });
    expect(texts(single)).toEqual(['one', 'two', 'three']);
    expect(single?.msgs[0]).toMatchObject({ msg_type: 3, msg_id: expect.any(Number), ctime_ms: expect.any(Number), from_username: 'jm_s_sender', from_appkey: JM_APPKEY, content: { target_id: 'jm_s_recv', msg_type: 'text' } });

    const grouped = batch.find((c) => c.msg_type === 4);
    expect(grouped).toMatchObject({ key: gid, from_gid: gid });
    // Only the message: the group's tips are events, not messages.
    expect(texts(grouped)).toEqual(['group hello']);
    expect(grouped?.msgs[0]).toMatchObject({ from_gid: gid, at_list: [] });

    await pause(300);
    expect(receiver.msgs).toEqual([]);
    // Live messages after the sync go through onMsgReceive.
    await ok(sender.jim.sendSingleMsg({ target_username: 'jm_s_recv', content: 'live' }));
    await eventually(() => expect(receiver.msgs).toHaveLength(1));
    expect(receiver.syncs).toHaveLength(1);

    // A second login after the first acked them: nothing again.
    await leave(receiver);
    const again = await jmPage(h, 'jm_s_recv', { register: false });
    expect(await onlyBatch(again)).toEqual([]);
    again.jim.loginOut();
    sender.jim.loginOut();
  });

  it('more than 20 offline messages in one conversation all arrive, in order', async () => {
    const sender = await jmPage(h, 'jm_s_many_from');
    await jmPage(h, 'jm_s_many_to', { login: false });
    const sent = Array.from({ length: 45 }, (_, i) => `m${i + 1}`);
    await sendTexts(sender, 'jm_s_many_to', sent);
    const receiver = await jmPage(h, 'jm_s_many_to', { register: false });
    const batch = await onlyBatch(receiver);
    expect(batch).toHaveLength(1);
    expect(texts(batch[0])).toEqual(sent);
    const ids = batch[0]?.msgs.map((m) => m.msg_id as number) ?? [];
    expect(new Set(ids).size).toBe(45);
    receiver.jim.loginOut();
    sender.jim.loginOut();
  });

  it('nothing to sync: onSyncConversation fires once with []', async () => {
    const page = await jmPage(h, 'jm_s_empty');
    expect(await onlyBatch(page)).toEqual([]);
    page.jim.loginOut();
  });

  it('roaming (flag: 1) delivers the recent history including own sends; without it only the unseen ones', async () => {
    const u = await jmPage(h, 'jm_s_roam_u');
    const v = await jmPage(h, 'jm_s_roam_v');
    await sendTexts(u, 'jm_s_roam_v', ['u1', 'u2']);
    await eventually(() => expect(v.msgs).toHaveLength(2));
    await sendTexts(v, 'jm_s_roam_u', ['v1', 'v2']);
    await eventually(() => expect(u.msgs).toHaveLength(2));
    await leave(u);

    // Everything was seen: a plain login has nothing to sync, a roaming login has the history.
    const plain = await jmPage(h, 'jm_s_roam_u', { register: false });
    expect(await onlyBatch(plain)).toEqual([]);
    await leave(plain);
    const roaming = await jmPage(h, 'jm_s_roam_u', { register: false, flag: 1 });
    const history = await onlyBatch(roaming);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ key: await tinyIdOf('jm_s_roam_v'), from_username: 'jm_s_roam_v' });
    expect(texts(history[0])).toEqual(['u1', 'u2', 'v1', 'v2']);
    expect(history[0]?.msgs.map((m) => m.content.from_id)).toEqual(['jm_s_roam_u', 'jm_s_roam_u', 'jm_s_roam_v', 'jm_s_roam_v']);
    await leave(roaming);

    // One unseen message: a plain login gets just that one.
    await sendTexts(v, 'jm_s_roam_u', ['v3']);
    const later = await jmPage(h, 'jm_s_roam_u', { register: false });
    const unseen = await onlyBatch(later);
    expect(texts(unseen[0])).toEqual(['v3']);
    later.jim.loginOut();
    v.jim.loginOut();
  });
});
