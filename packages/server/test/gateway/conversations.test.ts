import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/errors.js';
import { refusal, type TestClient } from '../helpers/client.js';
import { c2c, startTestServer, type TestServer, text } from '../helpers/server.js';

let server: TestServer;

type Seqd = { seq: number; localOnly?: boolean; deletedForSelf?: boolean; elements?: { text?: { text: string } }[] };
const seqs = (messages: Seqd[]) => messages.map((m) => m.seq);
const texts = (messages: Seqd[]) => messages.map((m) => m.elements?.[0]?.text?.text ?? '');

type ResultShape = { key: string; code?: number; value?: { value?: string; version?: number } };
/** An extension result as plain data (the decoder leaves proto3 defaults unset). */
const result = (r: ResultShape) => ({ key: r.key, code: r.code ?? 0, value: { value: r.value?.value ?? '', version: Number(r.value?.version ?? 0) } });

/** The highest change cursor a client has seen in pushes (0 when none). */
const lastCursor = (c: TestClient) => Math.max(0, ...c.pushes.map((p) => Number(p.cursor)));

// The same flows on both stores: the in-memory one and the embedded default (SQLite).
for (const store of ['memory', 'sqlite'] as const) {
  describe(`on the ${store} store`, () => {
    beforeAll(async () => {
      server = await startTestServer({ store });
    });
    afterAll(async () => {
      await server.stop();
    });

    describe('settings', () => {
      it('switches global no-disturb, refuses duplicates when asked, and syncs other sessions', async () => {
        const phone = await server.login('set-a');
        const web = await server.login('set-a');
        await phone.request('settingsUpdate', { globalSilent: true });
        const pushed = await web.waitForPush((p) => p.settings !== null && p.settings !== undefined);
        expect(pushed.settings?.globalSilent).toBe(true);
        expect(Number(pushed.cursor)).toBeGreaterThan(0);
        // The acting session has its answer; it gets no echo.
        expect(phone.pushes.some((p) => p.settings)).toBe(false);

        expect(await refusal(phone.request('settingsUpdate', { globalSilent: true, failIfUnchanged: true }))).toBe(ErrorCode.ALREADY_SET);
        await phone.request('settingsUpdate', { globalSilent: true }); // a plain repeat is a no-op
        await phone.request('settingsUpdate', { globalSilent: false });
        expect(await refusal(phone.request('settingsUpdate', { globalSilent: false, failIfUnchanged: true }))).toBe(ErrorCode.NOT_SET);
        expect(await refusal(phone.request('settingsUpdate', {}))).toBe(ErrorCode.INVALID_PARAM);

        const changes = await web.request('syncChanges', { cursor: 0 });
        const settings = changes.changes.filter((c: { settings?: unknown }) => c.settings);
        expect(settings).toHaveLength(1);
        expect(settings[0].settings.globalSilent).toBe(false);
        const snapshot = await web.request('syncSnapshot', { sections: [7] });
        expect(snapshot.settings.globalSilent).toBe(false);
        phone.close();
        web.close();
      });

      it('reports receive options: all, by id (default for unknown rows), non-default only', async () => {
        const a = await server.login('set-b');
        await server.login('set-c').then((c) => c.close());
        await a.request('msgSend', text(c2c('set-c'), 'hi'));
        await a.request('msgSend', text(c2c('set-a'), 'hi'));
        await a.request('convUpdate', { convIds: [c2c('set-c')], patch: { receiveOpt: 1 } });
        await a.request('settingsUpdate', { globalSilent: true });

        const all = await a.request('convGetSettings', {});
        expect(all.globalSilent).toBe(true);
        expect(all.settings.map((s: { convId: string }) => s.convId).sort()).toEqual([c2c('set-a'), c2c('set-c')]);
        const quiet = await a.request('convGetSettings', { nonDefaultOnly: true });
        expect(quiet.settings).toEqual([{ convId: c2c('set-c'), receiveOpt: 1 }]);
        const byId = await a.request('convGetSettings', { convIds: [c2c('set-c'), c2c('nobody')] });
        expect(byId.settings.map((s: { receiveOpt?: number }) => s.receiveOpt ?? 0)).toEqual([1, 0]);
        expect(await refusal(a.request('convGetSettings', { convIds: ['bogus'] }))).toBe(ErrorCode.INVALID_PARAM);
        a.close();
      });
    });

    describe('conversation folders', () => {
      it('creates, fills, renames, empties and deletes folders; rows follow', async () => {
        const a = await server.login('fold-a');
        const other = await server.login('fold-a');
        for (const peer of ['fold-b', 'fold-c']) {
          await server.login(peer).then((c) => c.close());
          await a.request('msgSend', text(c2c(peer), 'hi'));
        }
        const folders = async () => (await a.request('convFolderList', {})).folders.map((f: { name: string; convIds: string[] }) => [f.name, f.convIds]);
        const rowFolders = async (peer: string) => (await a.request('convGet', { convIds: [c2c(peer)] })).conversations[0].folders;

        await a.request('convFolderCreate', { name: 'work', convIds: [c2c('fold-b')] });
        expect(await folders()).toEqual([['work', [c2c('fold-b')]]]);
        expect(await rowFolders('fold-b')).toEqual(['work']);
        const pushed = await other.waitForPush((p) => !!p.convFolder);
        expect(pushed.convFolder?.folders?.map((f) => f.name)).toEqual(['work']);
        await other.waitForPush((p) => p.conversation?.upserts?.[0]?.folders?.[0] === 'work');

        expect(await refusal(a.request('convFolderCreate', { name: 'work', convIds: [] }))).toBe(ErrorCode.ALREADY_EXISTS);
        expect(await refusal(a.request('convFolderCreate', { name: 'x'.repeat(33), convIds: [] }))).toBe(ErrorCode.INVALID_PARAM);
        expect(await refusal(a.request('convFolderCreate', { name: '', convIds: [] }))).toBe(ErrorCode.INVALID_PARAM);
        expect(await refusal(a.request('convFolderAdd', { name: 'work', convIds: [c2c('never-talked')] }))).toBe(ErrorCode.NOT_FOUND);
        expect(await refusal(a.request('convFolderAdd', { name: 'missing', convIds: [c2c('fold-c')] }))).toBe(ErrorCode.NOT_FOUND);
        expect(await refusal(a.request('convFolderAdd', { name: 'work', convIds: [] }))).toBe(ErrorCode.INVALID_PARAM);

        await a.request('convFolderAdd', { name: 'work', convIds: [c2c('fold-c'), c2c('fold-b')] });
        expect(await folders()).toEqual([['work', [c2c('fold-b'), c2c('fold-c')]]]);
        await a.request('convFolderCreate', { name: 'play', convIds: [c2c('fold-c')] });
        expect(await rowFolders('fold-c')).toEqual(['work', 'play']);
        expect(await refusal(a.request('convFolderRename', { name: 'work', newName: 'play' }))).toBe(ErrorCode.ALREADY_EXISTS);

        await a.request('convFolderRename', { name: 'work', newName: 'job' });
        expect(await rowFolders('fold-b')).toEqual(['job']);
        expect(await rowFolders('fold-c')).toEqual(['job', 'play']);
        await a.request('convFolderRemove', { name: 'job', convIds: [c2c('fold-b')] });
        expect(await rowFolders('fold-b')).toEqual([]);
        const listed = await a.request('convList', { filter: { folder: 'job' } });
        expect(listed.conversations.map((r: { convId: string }) => r.convId)).toEqual([c2c('fold-c')]);

        await a.request('convFolderDelete', { name: 'job' });
        expect(await rowFolders('fold-c')).toEqual(['play']);
        expect(await refusal(a.request('convFolderDelete', { name: 'job' }))).toBe(ErrorCode.NOT_FOUND);
        expect(await folders()).toEqual([['play', [c2c('fold-c')]]]);

        // The stream holds the surviving folder and tombstones for the names that are gone.
        const changes = await other.request('syncChanges', { cursor: 0 });
        const entries = changes.changes.filter((c: { convFolder?: unknown }) => c.convFolder);
        const byName = new Map(entries.map((c: { convFolder: { name: string }; deleted?: boolean }) => [c.convFolder.name, !!c.deleted]));
        expect(byName).toEqual(
          new Map([
            ['work', true],
            ['job', true],
            ['play', false],
          ]),
        );
        const snapshot = await other.request('syncSnapshot', { sections: [7] });
        expect(snapshot.folders.map((f: { name: string }) => f.name)).toEqual(['play']);
        a.close();
        other.close();
      });
    });

    describe('delete and clear for self', () => {
      it('hides deleted entries from one user only; the other device learns it from the stream', async () => {
        const a = await server.login('del-a');
        const device2 = await server.login('del-a');
        const b = await server.login('del-b');
        const sent = [];
        for (const body of ['one', 'two', 'three']) sent.push(await a.request('msgSend', text(c2c('del-b'), body)));
        await device2.waitForPush((p) => p.message?.message?.seq === 3);
        const cursor = lastCursor(device2);

        await a.request('msgDeleteForSelf', { refs: [{ convId: c2c('del-b'), seq: 2 }] });
        const mine = await a.request('msgHistory', { convId: c2c('del-b') });
        expect(texts(mine.messages)).toEqual(['one', 'three']);
        const theirs = await b.request('msgHistory', { convId: c2c('del-a') });
        expect(texts(theirs.messages)).toEqual(['one', 'two', 'three']);
        expect((await a.request('msgGet', { refs: [{ serverMsgId: sent[1].serverMsgId }] })).messages).toEqual([]);
        expect((await b.request('msgGet', { refs: [{ serverMsgId: sent[1].serverMsgId }] })).messages).toHaveLength(1);
        // A range pull keeps the seq as a stub, so the range has no gap.
        const pulled = await a.request('syncPull', { ranges: [{ convId: c2c('del-b') }] });
        const range = pulled.ranges[0].messages;
        expect(seqs(range)).toEqual([1, 2, 3]);
        expect(range[1].deletedForSelf).toBe(true);
        expect(range[1].elements).toEqual([]);

        const push = await device2.waitForPush((p) => !!p.conversation && Number(p.cursor) > cursor);
        const changes = await device2.request('syncChanges', { cursor });
        expect(Number(push.cursor)).toBeGreaterThan(cursor + 1); // a jump: the overlay row lies between
        const overlay = changes.changes.find((c: { overlay?: unknown }) => c.overlay);
        expect(overlay.overlay).toMatchObject({ convId: c2c('del-b'), deletedSeqs: [2] });
        expect(b.pushes.some((p) => p.conversation)).toBe(false);

        // Deleting the last message moves lastMessage back; a repeat changes nothing.
        await a.request('msgDeleteForSelf', { refs: [{ serverMsgId: sent[2].serverMsgId }] });
        await a.request('msgDeleteForSelf', { refs: [{ serverMsgId: sent[2].serverMsgId }] });
        const row = (await a.request('convGet', { convIds: [c2c('del-b')] })).conversations[0];
        expect(row.lastMessage.elements[0].text.text).toBe('one');
        expect((await b.request('convGet', { convIds: [c2c('del-a')] })).conversations[0].lastMessage.elements[0].text.text).toBe('three');
        for (const c of [a, device2, b]) c.close();
      });

      it('refuses bad references, strangers and mixed conversations', async () => {
        const a = await server.login('delx-a');
        const stranger = await server.login('delx-s');
        await server.login('delx-b').then((c) => c.close());
        const first = await a.request('msgSend', text(c2c('delx-b'), 'x'));
        await a.request('msgSend', text(c2c('delx-s'), 'y'));
        expect(await refusal(a.request('msgDeleteForSelf', { refs: [] }))).toBe(ErrorCode.INVALID_PARAM);
        const many = Array.from({ length: 31 }, () => ({ serverMsgId: first.serverMsgId }));
        expect(await refusal(a.request('msgDeleteForSelf', { refs: many }))).toBe(ErrorCode.INVALID_PARAM);
        expect(await refusal(a.request('msgDeleteForSelf', { refs: [{ convId: c2c('delx-b'), seq: 1 }, { convId: c2c('delx-s'), seq: 1 }] }))).toBe(ErrorCode.INVALID_PARAM);
        expect(await refusal(a.request('msgDeleteForSelf', { refs: [{ convId: c2c('delx-b'), seq: 9 }] }))).toBe(ErrorCode.MESSAGE_NOT_FOUND);
        expect(await refusal(stranger.request('msgDeleteForSelf', { refs: [{ serverMsgId: first.serverMsgId }] }))).toBe(ErrorCode.MESSAGE_NOT_FOUND);
        // The user's own system log takes deletes (T removes handled join-request notices); an entry that is not there is not found.
        expect(await refusal(a.request('msgDeleteForSelf', { refs: [{ convId: 'system', seq: 1 }] }))).toBe(ErrorCode.MESSAGE_NOT_FOUND);
        expect(await refusal(a.request('msgClearForSelf', { convId: 'system' }))).toBe(ErrorCode.PERMISSION_DENIED);
        a.close();
        stranger.close();
      });

      it('clears history for one user: unread, mentions, draft and lastMessage reset', async () => {
        const a = await server.login('clr-a');
        const b = await server.login('clr-b');
        for (const body of ['1', '2', '3']) await a.request('msgSend', text(c2c('clr-b'), body));
        await b.request('convUpdate', { convIds: [c2c('clr-a')], patch: { setDraft: true, draft: { text: 'unsent' } } });
        const before = lastCursor(b);

        await b.request('msgClearForSelf', { convId: c2c('clr-a'), upToSeq: 2 });
        let row = (await b.request('convGet', { convIds: [c2c('clr-a')] })).conversations[0];
        expect(row).toMatchObject({ clearedSeq: 2, unreadCount: 1 });
        expect(row.draft ?? null).toBeNull();
        expect(row.lastMessage.elements[0].text.text).toBe('3');
        expect(texts((await b.request('msgHistory', { convId: c2c('clr-a') })).messages)).toEqual(['3']);

        await b.request('msgClearForSelf', { convId: c2c('clr-a') });
        row = (await b.request('convGet', { convIds: [c2c('clr-a')] })).conversations[0];
        expect(row).toMatchObject({ clearedSeq: 3 });
        expect(row.unreadCount ?? 0).toBe(0);
        expect(row.lastMessage ?? null).toBeNull();
        expect((await b.request('msgHistory', { convId: c2c('clr-a') })).messages).toEqual([]);
        expect(texts((await a.request('msgHistory', { convId: c2c('clr-b') })).messages)).toEqual(['1', '2', '3']);
        // The clearing session is told too: the row changed in ways it cannot compute.
        await b.waitForPush((p) => Number(p.cursor) > before && p.conversation?.upserts?.[0]?.clearedSeq === 3);

        await a.request('msgSend', text(c2c('clr-b'), '4'));
        await b.waitForPush((p) => p.message?.message?.seq === 4);
        row = (await b.request('convGet', { convIds: [c2c('clr-a')] })).conversations[0];
        expect(row.unreadCount).toBe(1);
        expect(texts((await b.request('msgHistory', { convId: c2c('clr-a') })).messages)).toEqual(['4']);
        expect(await refusal(b.request('msgClearForSelf', { convId: c2c('never') }))).toBe(ErrorCode.NOT_FOUND);
        expect(await refusal(b.request('msgClearForSelf', { convId: 'nonsense' }))).toBe(ErrorCode.INVALID_PARAM);
        a.close();
        b.close();
      });
    });

    describe('insert for self', () => {
      it('keeps a local message private, merged into the owner\'s history, and the shared seqs gap-free', async () => {
        const a = await server.login('ins-a');
        const device2 = await server.login('ins-a');
        const b = await server.login('ins-b');
        await a.request('msgSend', text(c2c('ins-b'), 'shared 1'));
        const cursor = lastCursor(device2);
        const local = await a.request('msgInsertForSelf', { convId: c2c('ins-b'), senderId: 'ins-b', elements: [{ text: { text: 'local' } }] });
        expect(local).toMatchObject({ localOnly: true, senderId: 'ins-b', convId: c2c('ins-b') });
        expect(local.seq).toBeGreaterThanOrEqual(2 ** 52);
        expect((await a.request('convGet', { convIds: [c2c('ins-b')] })).conversations[0].lastMessage.elements[0].text.text).toBe('local');

        const next = await a.request('msgSend', text(c2c('ins-b'), 'shared 2'));
        expect(next.seq).toBe(2);
        const fromB = await b.request('msgSend', text(c2c('ins-a'), 'shared 3'));
        expect(fromB.seq).toBe(3);
        await b.waitForPush((p) => p.message?.message?.seq === 2);
        expect(b.messages().map((m) => m.elements[0]?.text?.text)).toEqual(['shared 1', 'shared 2']);
        expect(texts((await b.request('msgHistory', { convId: c2c('ins-a') })).messages)).toEqual(['shared 1', 'shared 2', 'shared 3']);

        const older = await a.request('msgHistory', { convId: c2c('ins-b') });
        expect(texts(older.messages)).toEqual(['shared 1', 'local', 'shared 2', 'shared 3']);
        expect(older.minSeq).toBe(1);
        const newer = await a.request('msgHistory', { convId: c2c('ins-b'), direction: 1, limit: 2 });
        expect(texts(newer.messages)).toEqual(['shared 1', 'local']);
        expect(newer.hasMore).toBe(true);
        const page2 = await a.request('msgHistory', { convId: c2c('ins-b'), direction: 1, anchor: { seq: 1 }, limit: 2 });
        expect(texts(page2.messages)).toEqual(['local', 'shared 2']);
        expect((await a.request('msgGet', { refs: [{ convId: c2c('ins-b'), seq: local.seq }] })).messages[0].localOnly).toBe(true);
        // Paging older from minSeq reaches the insert; a local insert can anchor a page itself.
        const newest = await a.request('msgHistory', { convId: c2c('ins-b'), limit: 2 });
        expect(texts(newest.messages)).toEqual(['shared 2', 'shared 3']);
        const before = await a.request('msgHistory', { convId: c2c('ins-b'), limit: 2, anchor: { seq: newest.minSeq } });
        expect(texts(before.messages)).toEqual(['shared 1', 'local']);
        expect(texts((await a.request('msgHistory', { convId: c2c('ins-b'), anchor: { seq: local.seq } })).messages)).toEqual(['shared 1']);
        expect(texts((await a.request('msgHistory', { convId: c2c('ins-b'), anchor: { seq: local.seq }, direction: 1 })).messages)).toEqual(['shared 2', 'shared 3']);
        expect(texts((await a.request('msgHistory', { convId: c2c('ins-b'), anchor: { seq: local.seq }, inclusive: true })).messages)).toEqual(['shared 1', 'local']);

        const changes = await device2.request('syncChanges', { cursor });
        const overlay = changes.changes.find((c: { overlay?: unknown }) => c.overlay);
        expect(overlay.overlay.localInserts.map((m: Seqd) => m.seq)).toEqual([local.seq]);

        await a.request('msgDeleteForSelf', { refs: [{ convId: c2c('ins-b'), seq: local.seq }] });
        expect(texts((await a.request('msgHistory', { convId: c2c('ins-b') })).messages)).toEqual(['shared 1', 'shared 2', 'shared 3']);
        const after = await device2.request('syncChanges', { cursor });
        const gone = after.changes.find((c: { overlay?: unknown }) => c.overlay);
        expect(gone.deleted).toBe(true);

        // Deleting the conversation with its history drops later inserts too.
        await a.request('msgInsertForSelf', { convId: c2c('ins-b'), elements: [{ text: { text: 'late note' } }] });
        await a.request('convDelete', { convIds: [c2c('ins-b')], clearHistory: true });
        expect((await a.request('msgHistory', { convId: c2c('ins-b') })).messages).toEqual([]);
        for (const c of [a, device2, b]) c.close();
      });

      it('refuses strangers as senders, bad content and outsiders of a group', async () => {
        const a = await server.login('insx-a');
        const outsider = await server.login('insx-o');
        await server.login('insx-b').then((c) => c.close());
        await a.request('groupCreate', { group: { groupId: `insx-g-${store}`, name: 'g' } });
        const gConv = `group:insx-g-${store}`;
        expect(await refusal(a.request('msgInsertForSelf', { convId: c2c('insx-b'), senderId: 'insx-o', elements: [{ text: { text: 'x' } }] }))).toBe(ErrorCode.INVALID_PARAM);
        expect(await refusal(a.request('msgInsertForSelf', { convId: c2c('insx-b'), elements: [] }))).toBe(ErrorCode.INVALID_PARAM);
        expect(await refusal(a.request('msgInsertForSelf', { convId: c2c('nobody-here'), elements: [{ text: { text: 'x' } }] }))).toBe(ErrorCode.USER_NOT_FOUND);
        expect(await refusal(outsider.request('msgInsertForSelf', { convId: gConv, elements: [{ text: { text: 'x' } }] }))).toBe(ErrorCode.NOT_MEMBER);
        expect(await refusal(a.request('msgInsertForSelf', { convId: gConv, senderId: 'insx-o', elements: [{ text: { text: 'x' } }] }))).toBe(ErrorCode.NOT_MEMBER);
        const ok = await a.request('msgInsertForSelf', { convId: gConv, elements: [{ text: { text: 'note' } }] });
        expect(ok.localOnly).toBe(true);
        expect(await refusal(outsider.request('msgClearForSelf', { convId: gConv }))).toBe(ErrorCode.NOT_MEMBER);
        expect(await refusal(outsider.request('msgDeleteForSelf', { refs: [{ convId: gConv, seq: ok.seq }] }))).toBe(ErrorCode.NOT_MEMBER);
        a.close();
        outsider.close();
      });
    });

    describe('message extensions', () => {
      it('sets with versions, reads, deletes, and tells the other party through control entries', async () => {
        const a = await server.login('ext-a');
        const b = await server.login('ext-b');
        const sent = await a.request('msgSend', { ...text(c2c('ext-b'), 'vote'), supportsExtensions: true });
        const ref = { serverMsgId: sent.serverMsgId };

        const first = await b.request('msgSetExtensions', { ref, set: { like: { value: '1' } } });
        expect(first.results.map(result)).toEqual([{ key: 'like', code: 0, value: { value: '1', version: 1 } }]);
        const pushed = await a.waitForPush((p) => !!p.messageExtensions);
        expect(pushed.messageExtensions).toMatchObject({ ref: { seq: sent.seq, convId: c2c('ext-b') }, upserted: { like: { value: '1', version: 1 } }, seq: sent.seq + 1 });
        expect(Number(pushed.cursor)).toBeGreaterThan(0);

        const second = await a.request('msgSetExtensions', { ref, set: { like: { value: '2', version: 1 } } });
        expect(result(second.results[0])).toEqual({ key: 'like', code: 0, value: { value: '2', version: 2 } });
        // A stale version fails for its key only; the other key of the call is written.
        const stale = await b.request('msgSetExtensions', { ref, set: { like: { value: '3', version: 1 }, star: { value: 'y' } } });
        const byKey = new Map(stale.results.map((r: ResultShape) => [r.key, result(r)]));
        expect(byKey.get('like')).toEqual({ key: 'like', code: ErrorCode.CONFLICT, value: { value: '2', version: 2 } });
        expect(byKey.get('star')).toEqual({ key: 'star', code: 0, value: { value: 'y', version: 3 } });
        expect(stale.extensions).toEqual({ like: { value: '2', version: 2 }, star: { value: 'y', version: 3 } });

        expect((await a.request('msgGetExtensions', { ref, keys: ['star', 'none'] })).extensions).toEqual({ star: { value: 'y', version: 3 } });
        await b.request('msgDeleteExtensions', { ref, keys: ['like'] });
        await a.waitForPush((p) => (p.messageExtensions?.deletedKeys ?? []).includes('like'));
        expect((await a.request('msgGetExtensions', { ref })).extensions).toEqual({ star: { value: 'y', version: 3 } });
        await a.request('msgDeleteExtensions', { ref });
        expect((await b.request('msgGetExtensions', { ref })).extensions ?? {}).toEqual({});

        // Five changes took five seqs of the shared log (S2); visible history skips them.
        const next = await a.request('msgSend', text(c2c('ext-b'), 'after'));
        expect(next.seq).toBe(sent.seq + 6);
        const history = await b.request('msgHistory', { convId: c2c('ext-a'), filter: { skipControl: true } });
        expect(texts(history.messages)).toEqual(['vote', 'after']);
        const replay = await b.request('syncPull', { ranges: [{ convId: c2c('ext-a'), fromSeq: sent.seq }] });
        expect(replay.ranges[0].messages.filter((m: { hidden?: boolean }) => m.hidden)).toHaveLength(5);
        a.close();
        b.close();
      });

      it('refuses plain messages, strangers and oversized input', async () => {
        const a = await server.login('extx-a');
        const stranger = await server.login('extx-s');
        await server.login('extx-b').then((c) => c.close());
        const plain = await a.request('msgSend', text(c2c('extx-b'), 'plain'));
        const open = await a.request('msgSend', { ...text(c2c('extx-b'), 'open'), supportsExtensions: true });
        expect(await refusal(a.request('msgSetExtensions', { ref: { serverMsgId: plain.serverMsgId }, set: { k: { value: 'v' } } }))).toBe(ErrorCode.PERMISSION_DENIED);
        expect(await refusal(a.request('msgGetExtensions', { ref: { serverMsgId: plain.serverMsgId } }))).toBe(ErrorCode.PERMISSION_DENIED);
        const ref = { serverMsgId: open.serverMsgId };
        expect(await refusal(stranger.request('msgSetExtensions', { ref, set: { k: { value: 'v' } } }))).toBe(ErrorCode.MESSAGE_NOT_FOUND);
        const tooMany = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, { value: 'v' }]));
        expect(await refusal(a.request('msgSetExtensions', { ref, set: tooMany }))).toBe(ErrorCode.INVALID_PARAM);
        expect(await refusal(a.request('msgSetExtensions', { ref, set: { k: { value: 'v'.repeat(1025) } } }))).toBe(ErrorCode.TOO_LARGE);
        expect(await refusal(a.request('msgSetExtensions', { ref, set: { ['k'.repeat(101)]: { value: 'v' } } }))).toBe(ErrorCode.INVALID_PARAM);
        expect(await refusal(a.request('msgSetExtensions', { ref, set: {} }))).toBe(ErrorCode.INVALID_PARAM);
        // Nothing was written by the refusals.
        expect((await a.request('msgGetExtensions', { ref })).extensions ?? {}).toEqual({});
        a.close();
        stranger.close();
      });
    });

    describe('receipt members', () => {
      it('lists readers and non-readers of a group message to its sender, page by page', async () => {
        const groupId = `rm-${store}`;
        const [owner, bob, carol, dave, outsider] = await Promise.all(['rm-owner', 'rm-bob', 'rm-carol', 'rm-dave', 'rm-out'].map((u) => server.login(u)));
        await owner!.request('groupCreate', { group: { groupId, name: 'g', joinOption: 1 } });
        for (const c of [bob, carol, dave]) await c!.request('groupJoin', { groupId });
        const sent = await owner!.request('msgSend', { ...text(`group:${groupId}`, 'read me'), needReadReceipt: true });
        const ref = { serverMsgId: sent.serverMsgId };
        await bob!.waitForPush((p) => p.message?.message?.seq === sent.seq);
        await bob!.request('readReceipt', { refs: [ref] });
        await carol!.waitForPush((p) => p.message?.message?.seq === sent.seq);
        await carol!.request('readMark', { convIds: [`group:${groupId}`] }); // readSeq implies a read (T policy)

        const readers = await owner!.request('readReceiptMembers', { ref, read: true });
        expect(readers.userIds).toEqual(['rm-bob', 'rm-carol']);
        expect(readers.completed).toBe(true);
        const unread = await owner!.request('readReceiptMembers', { ref, read: false });
        expect(unread.userIds).toEqual(['rm-dave']);

        const page1 = await owner!.request('readReceiptMembers', { ref, read: true, count: 1 });
        expect(page1).toMatchObject({ userIds: ['rm-bob'], nextCursor: 'rm-bob' });
        expect(page1.completed ?? false).toBe(false);
        const page2 = await owner!.request('readReceiptMembers', { ref, read: true, count: 1, cursor: page1.nextCursor });
        expect(page2.userIds).toEqual(['rm-carol']);
        expect(page2.completed).toBe(true);

        expect(await refusal(bob!.request('readReceiptMembers', { ref, read: true }))).toBe(ErrorCode.PERMISSION_DENIED);
        expect(await refusal(outsider!.request('readReceiptMembers', { ref, read: true }))).toBe(ErrorCode.NOT_MEMBER);
        expect(await refusal(owner!.request('readReceiptMembers', { ref, read: true, count: 101 }))).toBe(ErrorCode.INVALID_PARAM);
        const direct = await owner!.request('msgSend', text(c2c('rm-bob'), 'c2c'));
        expect(await refusal(owner!.request('readReceiptMembers', { ref: { serverMsgId: direct.serverMsgId }, read: true }))).toBe(ErrorCode.INVALID_PARAM);
        for (const c of [owner, bob, carol, dave, outsider] as TestClient[]) c.close();
      });
    });
  });
}
