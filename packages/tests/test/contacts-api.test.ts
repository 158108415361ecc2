import { type Client, type CollectionChange, type Friend, type Profile, RequestError, contactsOf } from '@parley/core';
import { ErrorCode } from '@parley/protocol/codes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type Harness, startHarness } from './helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

const ONLINE = 1; // PresenceStatus.ONLINE
const OFFLINE = 3; // PresenceStatus.OFFLINE
const ids = (list: Array<{ friendId?: string | null }>) => list.map((f) => f.friendId).sort();

/** Two users who need to confirm requests, and a friendship between them made through the API. */
async function befriend(a: string, b: string): Promise<[Client, Client]> {
  const left = await h.login(a);
  const right = await h.login(b);
  await contactsOf(right).updateProfile({ allowType: 0 }); // AllowType.NEED_CONFIRM
  const sent = await contactsOf(left).request(b, { wording: 'hello' });
  expect(sent.status).toBe('pending');
  await eventually(() => expect(contactsOf(right).requests().some((r) => r.fromId === a && !r.handleResult)).toBe(true));
  await contactsOf(right).respond(a, 'accept');
  await eventually(() => expect(ids(contactsOf(left).friends())).toContain(b));
  return [left, right];
}

describe('ContactsApi against a real server', () => {
  it('friend request → accept: both sides see the friendship through store events', async () => {
    const alice = await h.login('fr-alice');
    const bob = await h.login('fr-bob');
    await contactsOf(bob).updateProfile({ allowType: 0 });
    const aliceFriends: Array<CollectionChange<Friend>> = [];
    alice.on('friends', (c) => aliceFriends.push(c));

    const { status, request } = await contactsOf(alice).request('fr-bob', { wording: 'hi bob', remark: 'Bobby' });
    expect(status).toBe('pending');
    expect(request.toId).toBe('fr-bob');
    expect(contactsOf(alice).requests().map((r) => r.id)).toContain(request.id);

    await eventually(() => expect(contactsOf(bob).requests().find((r) => r.fromId === 'fr-alice')?.wording).toBe('hi bob'));
    const listed = await contactsOf(bob).listRequests('in');
    expect(listed.requests.map((r) => r.fromId)).toEqual(['fr-alice']);
    expect(listed.unreadCount).toBe(1);
    await contactsOf(bob).markRequestsRead();
    expect(contactsOf(bob).requests().find((r) => r.fromId === 'fr-alice')?.readByRecipient).toBe(true);

    // Answered by request id: the store holds it, so the applicant is found.
    const held = contactsOf(bob).requests().find((r) => r.fromId === 'fr-alice');
    await contactsOf(bob).respond(held?.id ?? '', 'accept');
    expect(ids(contactsOf(bob).friends())).toEqual(['fr-alice']);
    expect(contactsOf(bob).requests().find((r) => r.fromId === 'fr-alice')?.handleResult).toBe(1);

    await eventually(() => expect(ids(contactsOf(alice).friends())).toEqual(['fr-bob']));
    expect(aliceFriends.flatMap((c) => c.upserted.map((f) => f.friendId))).toContain('fr-bob');
    expect(contactsOf(alice).friends()[0]?.remark).toBe('Bobby');
    expect(await contactsOf(alice).check(['fr-bob'])).toEqual([{ userId: 'fr-bob', relation: 'both', blocked: false }]);
    expect((await contactsOf(bob).refreshFriends()).map((f) => f.friendId)).toEqual(['fr-alice']);

    const updated = await contactsOf(alice).update('fr-bob', { remark: 'B.' });
    expect(updated.remark).toBe('B.');
    expect(contactsOf(alice).friends()[0]?.remark).toBe('B.');

    const results = await contactsOf(alice).delete(['fr-bob']);
    expect(results).toEqual([{ id: 'fr-bob', code: 0, message: expect.any(String) }]);
    expect(contactsOf(alice).friends()).toEqual([]);
    await eventually(() => expect(contactsOf(bob).friends()).toEqual([]));
  });

  it('a refused request is recorded on both sides and adds no friend', async () => {
    const carol = await h.login('rf-carol');
    const dan = await h.login('rf-dan');
    await contactsOf(dan).updateProfile({ allowType: 0 });
    await contactsOf(carol).request('rf-dan');
    await eventually(() => expect(contactsOf(dan).requests().length).toBe(1));
    await contactsOf(dan).respond('rf-carol', 'refuse', { responseText: 'no' });
    await eventually(() => expect(contactsOf(carol).requests().find((r) => r.toId === 'rf-dan')?.handleResult).toBe(-1));
    expect(contactsOf(carol).friends()).toEqual([]);
    expect(contactsOf(dan).friends()).toEqual([]);
    await expect(contactsOf(dan).respond('rf-carol', 'accept')).rejects.toMatchObject({ code: ErrorCode.ALREADY_HANDLED });
    await contactsOf(carol).deleteRequest('rf-dan', 'out');
    expect(contactsOf(carol).requests()).toEqual([]);
  });

  it('a block refuses C2C sends with BLOCKED_BY_PEER and marks the message failed', async () => {
    const [eve, frank] = await befriend('bl-eve', 'bl-frank');
    const blocked = await contactsOf(frank).block(['bl-eve']);
    expect(blocked).toEqual([{ id: 'bl-eve', code: 0, message: expect.any(String) }]);
    expect(contactsOf(frank).blocklist().map((b) => b.blockedId)).toEqual(['bl-eve']);
    expect((await contactsOf(frank).refreshBlocklist()).map((b) => b.blockedId)).toEqual(['bl-eve']);
    expect(await contactsOf(frank).check(['bl-eve'])).toEqual([{ userId: 'bl-eve', relation: 'both', blocked: true }]);

    const refusal = await eve.send({ convId: 'c2c:bl-frank', elements: [{ text: { text: 'hello?' } }] }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(RequestError);
    expect((refusal as RequestError).code).toBe(ErrorCode.BLOCKED_BY_PEER);
    const failed = eve.messages('c2c:bl-frank').at(-1);
    expect(failed?.status).toBe('failed');
    expect(failed?.error?.code).toBe(ErrorCode.BLOCKED_BY_PEER);

    await contactsOf(frank).unblock(['bl-eve']);
    expect(contactsOf(frank).blocklist()).toEqual([]);
    const sent = await eve.send({ convId: 'c2c:bl-frank', elements: [{ text: { text: 'back again' } }] });
    expect(sent.status).toBe('sent');
  });

  it('a profile update reaches a friend as a profiles event', async () => {
    const [gina, hank] = await befriend('pf-gina', 'pf-hank');
    const seen: Profile[] = [];
    hank.on('profiles', (c) => seen.push(...c.upserted));
    const profile = await contactsOf(gina).updateProfile({ nickname: 'Gina G', customFields: { mood: '"sunny"' } });
    expect(profile.nickname).toBe('Gina G');
    expect(contactsOf(gina).profile('pf-gina')?.nickname).toBe('Gina G');
    await eventually(() => expect(seen.find((p) => p.userId === 'pf-gina')?.nickname).toBe('Gina G'));
    expect(contactsOf(hank).profile('pf-gina')?.customFields?.mood).toBe('"sunny"');

    // Cached unless refreshed; the cache is what the pushes keep current.
    const [cached] = await contactsOf(hank).getProfiles(['pf-gina']);
    expect(cached?.nickname).toBe('Gina G');
    const fresh = await contactsOf(hank).getProfiles(['pf-gina', 'pf-hank'], { refresh: true });
    expect(fresh.map((p) => p.userId)).toEqual(['pf-gina', 'pf-hank']);
  });

  it('a presence subscription sees the user go offline and come back with a custom status', async () => {
    const ivy = await h.login('ps-ivy');
    let jack = await h.login('ps-jack');
    const now = await contactsOf(ivy).subscribePresence(['ps-jack']);
    expect(now.map((p) => [p.userId, p.status])).toEqual([['ps-jack', ONLINE]]);
    expect(contactsOf(ivy).presence('ps-jack')?.status).toBe(ONLINE);

    await jack.logout();
    await eventually(() => expect(contactsOf(ivy).presence('ps-jack')?.status).toBe(OFFLINE));
    jack = await h.login('ps-jack');
    await eventually(() => expect(contactsOf(ivy).presence('ps-jack')?.status).toBe(ONLINE));
    await contactsOf(jack).setCustomStatus('in a meeting');
    await eventually(() => expect(contactsOf(ivy).presence('ps-jack')?.customStatus).toBe('in a meeting'));
    const [queried] = await contactsOf(ivy).queryPresence(['ps-jack']);
    expect(queried?.customStatus).toBe('in a meeting');
    await contactsOf(ivy).unsubscribePresence(['ps-jack']);
  });

  it('a subscription with ttlMs is ended by the client when the time is up', async () => {
    const kay = await h.login('ps-kay');
    await h.login('ps-lou');
    const ops: string[] = [];
    const request = kay.request.bind(kay);
    kay.request = ((op, payload, options) => {
      ops.push(op);
      return request(op, payload, options);
    }) as typeof kay.request;
    await contactsOf(kay).subscribePresence(['ps-lou'], { ttlMs: 50 });
    expect(ops).toEqual(['presenceSubscribe', 'presenceQuery']);
    await eventually(() => expect(ops).toContain('presenceUnsubscribe'));
  });

  it('friend groups are created, renamed, edited and deleted in the store', async () => {
    const [kim] = await befriend('fg-kim', 'fg-lee');
    const created = await contactsOf(kim).createFriendGroup('work', ['fg-lee']);
    expect(created).toMatchObject({ name: 'work', userIds: ['fg-lee'] });
    await contactsOf(kim).renameFriendGroup('work', 'office');
    expect(contactsOf(kim).friendGroups().map((g) => [g.name, g.userIds])).toEqual([['office', ['fg-lee']]]);
    expect((await contactsOf(kim).removeFromFriendGroup('office', ['fg-lee'])).userIds ?? []).toEqual([]);
    expect((await contactsOf(kim).addToFriendGroup('office', ['fg-lee'])).userIds).toEqual(['fg-lee']);
    expect((await contactsOf(kim).refreshFriendGroups()).map((g) => g.name)).toEqual(['office']);
    await contactsOf(kim).deleteFriendGroup('office');
    expect(contactsOf(kim).friendGroups()).toEqual([]);
  });
});
