import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/errors.js';
import { c2c, startTestServer, TEST_APP, type TestServer, text } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({}, { ...TEST_APP, policy: { ...TEST_APP.policy, revokeWindowSec: 1 } });
});
afterAll(async () => {
  await server.stop();
});

describe('revoke and modify (control entries, S2)', () => {
  it('revokes within the window with a hidden tip entry and a push; refuses others and late ones', async () => {
    const a = await server.login('rv-a');
    const b = await server.login('rv-b');
    const sent = await a.request('msgSend', text(c2c('rv-b'), 'oops', 'rv-1'));
    await expect(b.request('msgRevoke', { ref: { convId: c2c('rv-a'), seq: sent.seq } })).rejects.toMatchObject({ code: ErrorCode.REVOKE_NOT_ALLOWED });
    const revoked = await a.request('msgRevoke', { ref: { serverMsgId: sent.serverMsgId } });
    expect(revoked.tipSeq).toBe(sent.seq + 1);
    const push = await b.waitForPush((p) => Boolean(p.messageRevoked));
    expect(push.messageRevoked).toMatchObject({ revokedBy: 'rv-a', tipSeq: sent.seq + 1, ref: { convId: c2c('rv-a'), seq: sent.seq, clientMsgId: 'rv-1' } });
    const history = await b.request('msgHistory', { convId: c2c('rv-a') });
    expect(history.messages.map((m: { seq: number; state: number; hidden: boolean }) => [m.seq, m.state, m.hidden])).toEqual([
      [1, 1, false],
      [2, 0, true],
    ]);
    const visible = await b.request('msgHistory', { convId: c2c('rv-a'), filter: { skipControl: true, skipRevoked: true } });
    expect(visible.messages).toHaveLength(0);
    // The conversation's last message shows it revoked; unread did not grow with the tip.
    const row = (await b.request('convGet', { convIds: [c2c('rv-a')] })).conversations[0];
    expect(row.lastMessage.state).toBe(1);
    expect(row.unreadCount).toBe(1);
    expect(row.maxSeq).toBe(2);

    const late = await a.request('msgSend', text(c2c('rv-b'), 'late'));
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await expect(a.request('msgRevoke', { ref: { convId: c2c('rv-b'), seq: late.seq } })).rejects.toMatchObject({ code: ErrorCode.REVOKE_WINDOW_PASSED });
    a.close();
    b.close();
  });

  it('modifies with a version check', async () => {
    const a = await server.login('md-a');
    const b = await server.login('md-b');
    const sent = await a.request('msgSend', text(c2c('md-b'), 'v0'));
    const ref = { convId: c2c('md-b'), seq: sent.seq };
    const v1 = await a.request('msgModify', { ref, elements: [{ text: { text: 'v1' } }], expectedVersion: 0 });
    expect(v1.version).toBe(1);
    await expect(a.request('msgModify', { ref, elements: [{ text: { text: 'v2' } }], expectedVersion: 0 })).rejects.toMatchObject({ code: ErrorCode.CONFLICT });
    await expect(b.request('msgModify', { ref: { convId: c2c('md-a'), seq: sent.seq }, elements: [{ text: { text: 'x' } }] })).rejects.toMatchObject({
      code: ErrorCode.PERMISSION_DENIED,
    });
    const push = await b.waitForPush((p) => Boolean(p.messageModified));
    expect(push.messageModified?.message?.elements?.[0]?.text?.text).toBe('v1');
    a.close();
    b.close();
  });
});

describe('read state', () => {
  it('marks read, recomputes unread, tells the peer; receipts reach the sender', async () => {
    const a = await server.login('rd-a');
    const b = await server.login('rd-b');
    const sends = [];
    for (let i = 0; i < 5; i++) sends.push(await a.request('msgSend', text(c2c('rd-b'), `r${i}`)));
    const partial = await b.request('readMark', { convIds: [c2c('rd-a')], upToSeq: 3 });
    expect(partial.conversations[0]).toMatchObject({ readSeq: 3, unreadCount: 2 });
    const peerRead = await a.waitForPush((p) => Boolean(p.peerRead));
    expect(peerRead.peerRead).toMatchObject({ convId: c2c('rd-b'), readerId: 'rd-b', readSeq: 3 });
    const all = await b.request('readMark', { scope: 3 });
    expect(all.conversations[0]).toMatchObject({ readSeq: 5, unreadCount: 0 });
    const aRow = (await a.request('convGet', { convIds: [c2c('rd-b')] })).conversations[0];
    expect(aRow.peerReadSeq).toBe(5);
    const history = await a.request('msgHistory', { convId: c2c('rd-b') });
    expect(history.messages.every((m: { isPeerRead: boolean }) => m.isPeerRead)).toBe(true);

    await b.request('readReceipt', { refs: [{ convId: c2c('rd-a'), seq: 1 }] });
    const receipt = await a.waitForPush((p) => Boolean(p.readReceipt));
    expect(receipt.readReceipt).toMatchObject({ readerId: 'rd-b' });
    expect(receipt.readReceipt?.statuses?.[0]).toMatchObject({ readCount: 1, unreadCount: 0 });
    await expect(b.request('readReceipt', { refs: [{ convId: c2c('rd-a'), seq: 1 }] })).rejects.toMatchObject({ code: ErrorCode.ALREADY_SET });
    const status = await a.request('readReceiptStatus', { refs: [{ convId: c2c('rd-b'), seq: 2 }] });
    expect(status.statuses[0]).toMatchObject({ readCount: 1, isPeerRead: true });
    a.close();
    b.close();
  });

  it('typing is delivered live and never stored', async () => {
    const a = await server.login('ty-a');
    const b = await server.login('ty-b');
    await a.request('msgSignal', { toId: 'ty-b', text: 'typing…' });
    const push = await b.waitForPush((p) => Boolean(p.typing));
    expect(push.typing).toMatchObject({ fromId: 'ty-a', text: 'typing…' });
    expect((await b.request('msgHistory', { convId: c2c('ty-a') })).messages).toHaveLength(0);
    a.close();
    b.close();
  });
});

describe('conversations', () => {
  it('pins, drafts, deletes; idempotency keys answer repeats from the cache', async () => {
    const a = await server.login('cv-a');
    for (const peer of ['cv-p1', 'cv-p2', 'cv-p3']) {
      await server.login(peer).then((c) => c.close());
      await a.request('msgSend', text(c2c(peer), `to ${peer}`));
    }
    let list = await a.request('convList', {});
    expect(list.conversations.map((c: { convId: string }) => c.convId)).toEqual([c2c('cv-p3'), c2c('cv-p2'), c2c('cv-p1')]);
    const first = await a.request('convUpdate', { convIds: [c2c('cv-p1')], patch: { pinned: true } }, { idempotencyKey: 'pin-1' });
    const again = await a.request('convUpdate', { convIds: [c2c('cv-p1')], patch: { pinned: true } }, { idempotencyKey: 'pin-1' });
    expect(again.conversations[0].version).toBe(first.conversations[0].version);
    await expect(a.request('convUpdate', { convIds: [c2c('cv-p1')], patch: { pinned: true }, failIfUnchanged: true })).rejects.toMatchObject({ code: ErrorCode.ALREADY_SET });
    list = await a.request('convList', {});
    expect(list.conversations[0].convId).toBe(c2c('cv-p1'));
    await a.request('convDelete', { convIds: [c2c('cv-p2')], clearHistory: true });
    list = await a.request('convList', {});
    expect(list.conversations.map((c: { convId: string }) => c.convId)).toEqual([c2c('cv-p1'), c2c('cv-p3')]);
    expect((await a.request('msgHistory', { convId: c2c('cv-p2') })).messages).toHaveLength(0);
    // A new message brings the row back.
    await a.request('msgSend', text(c2c('cv-p2'), 'back'));
    list = await a.request('convList', {});
    expect(list.conversations.map((c: { convId: string }) => c.convId)).toContain(c2c('cv-p2'));
    expect((await a.request('msgHistory', { convId: c2c('cv-p2') })).messages.map((m: { elements: { text: { text: string } }[] }) => m.elements[0]?.text.text)).toEqual(['back']);
    a.close();
  });
});
