import { ClientCode, createText, isPeerRead, type Message, RequestError, chatOf, convsOf, mediaOf } from '@parley/core';
import { memoryStorage } from '@parley/storage-memory';
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

describe('MessagesApi', () => {
  it('revokes: the peer sees a state change, and the revoke tip never shows in the list', async () => {
    const alice = await h.login('r-alice');
    const bob = await h.login('r-bob');
    const sent = await alice.send(say('c2c:r-bob', 'oops'));
    await eventually(() => expect(bob.messages('c2c:r-alice').map(textOf)).toEqual(['oops']));
    const updates: Message[] = [];
    bob.on('messageUpdated', (m) => updates.push(m));

    const revokedAt = await chatOf(alice).revoke(sent);
    expect(revokedAt).toBeGreaterThan(0);
    expect(alice.messages('c2c:r-bob').map((m) => [textOf(m), m.state])).toEqual([['oops', 1]]);
    expect(alice.conversation('c2c:r-bob')?.lastMessage?.state).toBe(1);

    await eventually(() => expect(updates.find((m) => m.clientMsgId === sent.clientMsgId)?.state).toBe(1));
    const list = bob.messages('c2c:r-alice');
    expect(list.map((m) => [m.clientMsgId, m.state, m.revokedBy])).toEqual([[sent.clientMsgId, 1, 'r-alice']]);
    expect(list.some((m) => m.elements.some((e) => e.revokeTip))).toBe(false);

    // Only the sender may revoke.
    const other = await bob.send(say('c2c:r-alice', 'mine'));
    await eventually(() => expect(alice.messages('c2c:r-bob').some((m) => m.clientMsgId === other.clientMsgId)).toBe(true));
    const mirrored = alice.messages('c2c:r-bob').find((m) => m.clientMsgId === other.clientMsgId) as Message;
    const refused = await chatOf(alice).revoke(mirrored).catch((e: unknown) => e);
    expect((refused as RequestError).code).toBe(ClientCode.REVOKE_NOT_ALLOWED);
  });

  it('marks read: unread drops to 0 at once, and the peer sees isPeerRead', async () => {
    const alice = await h.login('k-alice');
    const bob = await h.login('k-bob');
    await alice.send(say('c2c:k-bob', 'one'));
    const last = await alice.send(say('c2c:k-bob', 'two'));
    await eventually(() => expect(bob.conversation('c2c:k-alice')?.unreadCount).toBe(2));
    expect(isPeerRead(last, alice.conversation('c2c:k-bob'))).toBe(false);

    await chatOf(bob).markRead('c2c:k-alice');
    expect(bob.conversation('c2c:k-alice')?.unreadCount).toBe(0);
    expect(bob.conversation('c2c:k-alice')?.readSeq).toBe(last.seq);
    expect(convsOf(bob).totalUnread('all')).toBe(0);

    await eventually(() => {
      const row = alice.conversation('c2c:k-bob');
      expect(row?.peerReadSeq).toBe(last.seq);
      expect(isPeerRead(last, row)).toBe(true);
      expect(alice.messages('c2c:k-bob').every((m) => m.isPeerRead)).toBe(true);
    });
  });

  it('deletes for self only', async () => {
    const alice = await h.login('d-alice');
    const bob = await h.login('d-bob');
    const keep = await alice.send(say('c2c:d-bob', 'keep'));
    const gone = await alice.send(say('c2c:d-bob', 'gone'));
    await eventually(() => expect(bob.messages('c2c:d-alice').map(textOf)).toEqual(['keep', 'gone']));

    await chatOf(alice).deleteForSelf([gone]);
    expect(alice.findMessage({ clientMsgId: gone.clientMsgId })?.deletedForSelf).toBe(true);
    expect(alice.messages('c2c:d-bob').some((m) => m.clientMsgId === gone.clientMsgId)).toBe(false);
    const page = await chatOf(alice).history('c2c:d-bob', { limit: 10 });
    expect(page.messages.filter((m) => !m.hidden).map(textOf)).toEqual(['keep']);
    expect(page.messages.some((m) => m.clientMsgId === keep.clientMsgId)).toBe(true);

    const peerPage = await chatOf(bob).history('c2c:d-alice', { limit: 10 });
    expect(peerPage.messages.map(textOf)).toEqual(['keep', 'gone']);
    expect(bob.messages('c2c:d-alice').some((m) => m.deletedForSelf)).toBe(false);
  });

  it('pages history older until hasMore is false, through history() and loadOlder()', async () => {
    const alice = await h.login('p-alice');
    await h.token('p-bob');
    for (let i = 1; i <= 25; i++) await alice.send(say('c2c:p-bob', `m${i}`));

    const bob = await h.login('p-bob', { prefetchPerConv: 5 });
    await eventually(() => expect(bob.messages('c2c:p-alice')).toHaveLength(5));
    const seqs: number[][] = [];
    let anchor: number | undefined;
    for (let guard = 0; guard < 10; guard++) {
      const page = await chatOf(bob).history('c2c:p-alice', { limit: 10, ...(anchor && { anchor: { convId: 'c2c:p-alice', seq: anchor } }) });
      seqs.push(page.messages.map((m) => m.seq));
      anchor = page.messages[0]?.seq;
      if (!page.hasMore) break;
    }
    expect(seqs).toEqual([
      [16, 17, 18, 19, 20, 21, 22, 23, 24, 25],
      [6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
      [1, 2, 3, 4, 5],
    ]);
    // The older pages joined the cache: the list is complete and in seq order.
    expect(bob.messages('c2c:p-alice').map(textOf)).toEqual(Array.from({ length: 25 }, (_, i) => `m${i + 1}`));

    const carol = await h.login('p-bob', { prefetchPerConv: 5 });
    await eventually(() => expect(carol.messages('c2c:p-alice')).toHaveLength(5));
    while ((await carol.loadOlder('c2c:p-alice', 7)) > 0);
    expect(carol.messages('c2c:p-alice').map((m) => m.seq)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });

  it('modifies with a version check: a stale version is a CONFLICT, and the cache then holds the current one', async () => {
    const alice = await h.login('x-alice');
    const bob = await h.login('x-bob');
    const sent = await alice.send(say('c2c:x-bob', 'draft'));
    const v1 = await chatOf(alice).modify(sent, { elements: createText('final').elements, cloudCustomData: 'meta' });
    expect([textOf(v1), v1.version, v1.cloudCustomData]).toEqual(['final', 1, 'meta']);
    expect(textOf(alice.messages('c2c:x-bob')[0] as Message)).toBe('final');
    await eventually(() => expect(bob.messages('c2c:x-alice').map((m) => [textOf(m), m.version])).toEqual([['final', 1]]));

    const stale = await chatOf(alice).modify(sent, { elements: createText('lost').elements }).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(RequestError);
    expect((stale as RequestError).code).toBe(ClientCode.CONFLICT);
    const current = alice.messages('c2c:x-bob')[0] as Message;
    expect(current.version).toBe(1);
    expect(textOf(await chatOf(alice).modify(current, { elements: createText('again').elements }))).toBe('again');
  });

  it('inserts a local-only message that the peer never gets', async () => {
    const alice = await h.login('i-alice');
    const bob = await h.login('i-bob');
    await alice.send(say('c2c:i-bob', 'shared'));
    const local = await chatOf(alice).insertForSelf('c2c:i-bob', createText('note to self'));
    expect(local.localOnly).toBe(true);
    expect(alice.messages('c2c:i-bob').map(textOf)).toEqual(['shared', 'note to self']);
    expect(alice.conversation('c2c:i-bob')?.lastMessage?.clientMsgId).toBe(local.clientMsgId);
    await alice.send(say('c2c:i-bob', 'after'));
    await eventually(() => expect(bob.messages('c2c:i-alice').map(textOf)).toEqual(['shared', 'after']));
  });

  it('sends receipts, reads their counts, and signals typing', async () => {
    const alice = await h.login('t-alice');
    const bob = await h.login('t-bob');
    const sent = await alice.send(say('c2c:t-bob', 'read me'));
    await eventually(() => expect(bob.messages('c2c:t-alice')).toHaveLength(1));
    await chatOf(bob).sendReceipts(bob.messages('c2c:t-alice'));
    const [status] = await chatOf(alice).receiptStatus([sent]);
    expect(status?.readCount).toBe(1);
    expect(alice.messages('c2c:t-bob')[0]?.receipt?.readCount).toBe(1);
    const again = await chatOf(bob).sendReceipts(bob.messages('c2c:t-alice')).catch((e: unknown) => e);
    expect((again as RequestError).code).toBe(ClientCode.ALREADY_SET);

    const typing: string[] = [];
    alice.on('push', (push) => {
      if (push.typing) typing.push(`${push.typing.fromId}:${push.typing.text}`);
    });
    await chatOf(bob).typing('t-alice', 'typing…');
    await eventually(() => expect(typing).toEqual(['t-bob:typing…']));
  });

  it('sets, reads and deletes message extensions', async () => {
    const alice = await h.login('e-alice');
    await h.token('e-bob');
    const sent = await alice.send({ ...say('c2c:e-bob', 'vote'), supportsExtensions: true });
    const results = await chatOf(alice).setExtensions(sent, { likes: '1' });
    expect(results.map((r) => [r.key, r.code])).toEqual([['likes', 0]]);
    expect((await chatOf(alice).getExtensions(sent)).likes?.value).toBe('1');
    expect(alice.messages('c2c:e-bob')[0]?.extensions?.likes?.value).toBe('1');
    await chatOf(alice).deleteExtensions(sent, ['likes']);
    expect(await chatOf(alice).getExtensions(sent)).toEqual({});
  });

  it('forwards and merges messages into another conversation', async () => {
    const alice = await h.login('f-alice');
    const carol = await h.login('f-carol');
    await h.token('f-bob');
    const a = await alice.send(say('c2c:f-bob', 'first'));
    const b = await alice.send(say('c2c:f-bob', 'second'));
    const forwarded = await chatOf(alice).forward(a, 'c2c:f-carol');
    expect(forwarded.clientMsgId).not.toBe(a.clientMsgId);
    const merged = await chatOf(alice).merge([a, b], 'c2c:f-carol', { title: 'With Bob' });
    await eventually(() => expect(carol.messages('c2c:f-alice').map((m) => m.clientMsgId)).toEqual([forwarded.clientMsgId, merged.clientMsgId]));
    const [copy, merger] = carol.messages('c2c:f-alice');
    expect(textOf(copy as Message)).toBe('first');
    const elem = merger?.elements[0]?.merger;
    expect(elem?.title).toBe('With Bob');
    expect(elem?.abstracts).toEqual(['f-alice: first', 'f-alice: second']);
    expect(elem?.messages?.map((m) => m.elements?.[0]?.text?.text)).toEqual(['first', 'second']);
    expect(merger?.fallbackText).toBe('[Chat History] With Bob');
    expect((await mediaOf(carol).mergerMessages(elem ?? {})).map(textOf)).toEqual(['first', 'second']);

    // A body too large to travel inline goes up as a relay media, and comes back down.
    const long = await alice.send(say('c2c:f-bob', 'y'.repeat(12_000)));
    const relayed = await chatOf(alice).merge([a, long], 'c2c:f-carol', { title: 'Long' });
    expect(relayed.elements[0]?.merger?.messages ?? []).toEqual([]);
    expect(relayed.elements[0]?.merger?.relay?.mediaId).toBeTruthy();
    await eventually(() => expect(carol.messages('c2c:f-alice').at(-1)?.clientMsgId).toBe(relayed.clientMsgId));
    const body = await mediaOf(carol).mergerMessages(carol.messages('c2c:f-alice').at(-1)?.elements[0]?.merger ?? {});
    expect(body.map((m) => [m.clientMsgId, textOf(m).length])).toEqual([
      [a.clientMsgId, 5],
      [long.clientMsgId, 12_000],
    ]);
  });

  it('clears history for self', async () => {
    const alice = await h.login('c-alice');
    await h.token('c-bob');
    await alice.send(say('c2c:c-bob', 'old 1'));
    await alice.send(say('c2c:c-bob', 'old 2'));
    await chatOf(alice).clearHistory('c2c:c-bob');
    expect(alice.messages('c2c:c-bob')).toEqual([]);
    expect(alice.conversation('c2c:c-bob')?.lastMessage).toBeNull();
    await alice.send(say('c2c:c-bob', 'new'));
    expect(alice.messages('c2c:c-bob').map(textOf)).toEqual(['new']);
    expect((await chatOf(alice).history('c2c:c-bob')).messages.filter((m) => !m.hidden).map(textOf)).toEqual(['new']);
  });

  it('finds a message by text after a new client reloads from the same storage', async () => {
    const storage = memoryStorage();
    await h.token('s-bob');
    const first = await h.login('s-alice', { storage });
    await first.send(say('c2c:s-bob', 'the needle is here'));
    await first.send(say('c2c:s-bob', 'just hay'));
    expect((await chatOf(first).search({ text: 'NEEDLE' })).map(textOf)).toEqual(['the needle is here']);
    await first.close();

    const reloaded = h.client({ storage });
    await reloaded.login({ credential: { nativeToken: { userId: 's-alice', token: await h.token('s-alice') } } });
    // Nothing is loaded into memory after a reload: the hit comes from storage.
    expect(reloaded.messages('c2c:s-bob')).toEqual([]);
    const hits = await chatOf(reloaded).search({ text: 'needle' });
    expect(hits.map((m) => [m.convId, textOf(m)])).toEqual([['c2c:s-bob', 'the needle is here']]);
    expect(await chatOf(reloaded).search({ text: 'needle', senderIds: ['someone-else'] })).toEqual([]);
    expect((await chatOf(reloaded).search({ convId: 'c2c:s-bob' })).map(textOf)).toEqual(['just hay', 'the needle is here']);
  });
});
