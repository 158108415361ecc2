import { describe, expect, it } from 'vitest';
import { EVENT, TYPES } from '../constants.js';
import { TimMessage } from '../convert/message.js';
import { TimCore } from '../core.js';
import { EventBatch } from './messages/batch.js';
import { getMessageList } from './messages/list.js';
import { stateOf } from './messages/state.js';
import { createCustomMessage, createFaceMessage, createFileMessage, createImageMessage, createTextAtMessage, createTextMessage } from './messages.js';

const tim = () => new TimCore({ SDKAppID: 1 }, []);
const C2C = TYPES.CONV_C2C;
const GROUP = TYPES.CONV_GROUP;
const BAD = 'Params validate failed.';

describe('create*Message', () => {
  it('makes an unsent outgoing message with a TIM-style ID and keeps its draft', () => {
    const core = tim();
    const m = createTextMessage(core, { to: 'bob', conversationType: C2C, payload: { text: 'hi' }, priority: TYPES.MSG_PRIORITY_HIGH, cloudCustomData: 'x', needReadReceipt: true });
    expect(m).toBeInstanceOf(TimMessage);
    expect(m).toMatchObject({ type: TYPES.MSG_TEXT, payload: { text: 'hi' }, conversationID: 'C2Cbob', conversationType: C2C, to: 'bob', flow: 'out', status: 'unSend', priority: 'High', cloudCustomData: 'x', needReadReceipt: true, isRevoked: false });
    const [tiny, seconds, random] = m.ID.split('-').map(Number);
    expect(tiny).toBeGreaterThan(0);
    expect(seconds).toBe(m.clientTime);
    expect(random).toBe(m.random);
    expect(m.getElements()).toEqual([{ type: TYPES.MSG_TEXT, content: { text: 'hi' } }]);
    const draft = stateOf(core).drafts.get(m);
    expect(draft?.content.elements).toEqual([{ text: { text: 'hi' } }]);
    expect(draft?.priority).toBe(1);
    const next = createTextMessage(core, { to: 'bob', conversationType: C2C, payload: { text: 'again' } });
    expect(next.clientSequence).toBe(m.clientSequence + 1);
    expect(next.ID).not.toBe(m.ID);
  });

  it('throws synchronously for the arguments tim-js-sdk refuses', () => {
    const core = tim();
    expect(() => createTextMessage(core, { to: 'bob', conversationType: C2C, payload: { text: '' } })).toThrow(BAD);
    expect(() => createTextMessage(core, { to: 'bob', conversationType: C2C, payload: { text: 3 } })).toThrow(BAD);
    expect(() => createTextMessage(core, { conversationType: C2C, payload: { text: 'a' } } as never)).toThrow(BAD);
    expect(() => createTextMessage(core, { to: 'bob', payload: { text: 'a' } } as never)).toThrow(BAD);
    expect(() => createTextMessage(core, undefined as never)).toThrow(BAD);
    expect(() => createCustomMessage(core, { to: 'bob', conversationType: C2C, payload: { description: {} } })).toThrow(BAD);
    expect(() => createFaceMessage(core, { to: 'bob', conversationType: C2C, payload: { index: 1 } })).toThrow(BAD);
    expect(() => createTextAtMessage(core, { to: 'g', conversationType: GROUP, payload: { text: 'a', atUserList: 'x' } })).toThrow(BAD);
    expect(() => createImageMessage(core, { to: 'bob', conversationType: C2C, payload: { file: 'a.png' } })).toThrow(BAD);
    expect(() => createImageMessage(core, { to: 'bob', conversationType: C2C, payload: { file: { tempFiles: [{ path: 'wxfile://tmp/a.png', size: 3 }] } } })).toThrow(BAD);
    expect(() => getMessageList(core, { conversationID: 'C2Cbob', count: -1 })).toThrow(BAD);
    expect(() => getMessageList(core, { conversationID: 'X' })).toThrow(BAD);
  });

  it('turns @-lists into mentions, MSG_AT_ALL into "everyone"', () => {
    const core = tim();
    const m = createTextAtMessage(core, { to: 'g1', conversationType: GROUP, payload: { text: '@a @all', atUserList: ['a', TYPES.MSG_AT_ALL] } });
    expect(m.atUserList).toEqual(['a', TYPES.MSG_AT_ALL]);
    expect(m.conversationID).toBe('GROUPg1');
    expect(stateOf(core).drafts.get(m)?.content.mentions).toEqual({ userIds: ['a'], all: true });
  });

  it('takes a File, an <input type=file> or an uploaded Mini Program URL, and keeps size refusals for sendMessage', () => {
    const core = tim();
    const file = new File([new Uint8Array(5)], 'a.txt', { type: 'text/plain' });
    const fromFile = createFileMessage(core, { to: 'bob', conversationType: C2C, payload: { file } });
    expect(fromFile.payload).toMatchObject({ fileName: 'a.txt', fileSize: 5 });
    expect(stateOf(core).drafts.get(fromFile)?.content.uploads).toHaveLength(1);
    const fromInput = createFileMessage(core, { to: 'bob', conversationType: C2C, payload: { file: { files: [file] } } });
    expect(fromInput.payload).toMatchObject({ fileName: 'a.txt' });
    const fromUrl = createImageMessage(core, { to: 'bob', conversationType: C2C, payload: { file: { tempFiles: [{ path: 'https://cdn/x.png', size: 9 }] } } });
    expect(stateOf(core).drafts.get(fromUrl)?.content.uploads).toBeUndefined();
    const empty = createFileMessage(core, { to: 'bob', conversationType: C2C, payload: { file: new File([], 'e') } });
    expect(stateOf(core).drafts.get(empty)?.refusal).toEqual({ code: 2401 });
    const emptyImage = createImageMessage(core, { to: 'bob', conversationType: C2C, payload: { file: new Blob([]) } });
    expect(stateOf(core).drafts.get(emptyImage)?.refusal).toEqual({ code: 2251 });
  });
});

describe('EventBatch', () => {
  /** A stand-in for the SDK instance: readiness the test controls, emissions recorded. */
  function fakeCore() {
    const seen: Array<[string, unknown]> = [];
    const fake = { ready: false, emit: (name: string, data: unknown) => seen.push([name, data]) };
    return { fake, seen, core: fake as unknown as TimCore };
  }
  const message = (ID: string) => Object.assign(new TimMessage(), { ID });
  const tick = () => new Promise((r) => setTimeout(r, 40));

  it('holds events until the SDK is ready, then emits one list per event per tick, each message once', async () => {
    const { fake, seen, core } = fakeCore();
    const batch = new EventBatch(core);
    const a = message('a');
    const b = message('b');
    batch.message(EVENT.MESSAGE_RECEIVED, a);
    batch.message(EVENT.MESSAGE_RECEIVED, b);
    batch.message(EVENT.MESSAGE_RECEIVED, a);
    batch.single(EVENT.GROUP_SYSTEM_NOTICE_RECEIVED, { type: 4, message: b });
    batch.items(EVENT.MESSAGE_READ_RECEIPT_RECEIVED, [{ messageID: 'a' }]);
    await tick();
    expect(seen).toEqual([]);
    fake.ready = true;
    await tick();
    expect(seen).toEqual([
      [EVENT.MESSAGE_RECEIVED, [a, b]],
      [EVENT.MESSAGE_READ_RECEIPT_RECEIVED, [{ messageID: 'a' }]],
      [EVENT.GROUP_SYSTEM_NOTICE_RECEIVED, { type: 4, message: b }],
    ]);
    batch.message(EVENT.MESSAGE_REVOKED, b);
    await tick();
    expect(seen.slice(3)).toEqual([[EVENT.MESSAGE_REVOKED, [b]]]);
  });

  it('emits nothing after dispose', async () => {
    const { fake, seen, core } = fakeCore();
    fake.ready = true;
    const batch = new EventBatch(core);
    batch.message(EVENT.MESSAGE_RECEIVED, message('a'));
    batch.dispose();
    await tick();
    expect(seen).toEqual([]);
  });
});
