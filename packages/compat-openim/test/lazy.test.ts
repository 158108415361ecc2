/**
 * The split between what `OpenIMSDK` loads up front and what it fetches on first use (`later.ts`):
 * the eager index agrees with the specs it stands for, and a method whose spec is not loaded
 * yet answers as it would have with everything loaded, in call order.
 */
import { describe, expect, it } from 'vitest';
import { AREAS } from '../src/areas/all.js';
import { OpenImCore } from '../src/core.js';
import { V2 } from '../src/dialect.js';
import Emitter from '../src/emitter.js';
import { METHODS } from '../src/later.js';
import { type Lazy, lazy } from '../src/lazy.js';
import { bind, bindLazy, type MethodTable } from '../src/method.js';
import { METHOD_NAMES, NO_DATA } from '../src/names.js';
import { OpenIMSDK, STARTUP } from '../src/sdk.js';

const areaSpecs: MethodTable = Object.assign({}, ...AREAS.map((area) => area.methods));
const lazyNames = METHOD_NAMES.filter((name) => !STARTUP[name]);

describe('what loads up front and what on first use', () => {
  it('serves every method: the startup ones up front, the others from the later part', () => {
    expect(Object.keys(STARTUP).sort()).toEqual(['createTextMessage', 'getAllConversationList', 'getHistoryMessageList', 'getJoinedGroupList', 'getLoginStatus', 'getLoginUser', 'sendMessage', 'sendMessageNotOss']);
    for (const name of METHOD_NAMES) expect(STARTUP[name] ?? METHODS[name], name).toBeDefined();
    // The up-front specs are the areas' own, so both SDK generations run the same code.
    for (const [name, spec] of Object.entries(STARTUP)) expect(areaSpecs[name], name).toBe(spec);
  });

  it('knows, before loading, which later methods take no data argument', () => {
    const noData = lazyNames.filter((name) => METHODS[name]?.noData === true);
    expect([...NO_DATA].sort()).toEqual(noData.sort());
  });

  it('has no later method that is callable logged out or loads more code itself (both are decided before the spec is there)', () => {
    for (const name of lazyNames) {
      expect(METHODS[name]?.ungated, name).toBeFalsy();
      expect(METHODS[name]?.load, name).toBeUndefined();
    }
  });

  it('refuses the signaling methods with 804, as before', () => {
    expect(lazyNames.filter((name) => !areaSpecs[name])).toEqual(['signalingInvite', 'signalingInviteInGroup', 'signalingAccept', 'signalingReject', 'signalingCancel']);
    expect(() => METHODS.signalingInvite?.run({} as OpenImCore, {}, 'op')).toThrow(expect.objectContaining({ errCode: 804 }));
  });
});

/** A later part (as `lazy()` makes it) whose import the test finishes, and whose first import can fail. */
function controlledPart(table: MethodTable, failFirst = false): Lazy<MethodTable> & { finish(): void; imports(): number } {
  let imports = 0;
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const part = lazy(async () => {
    imports += 1;
    await gate;
    if (failFirst && imports === 1) throw new Error('Failed to fetch dynamically imported module');
    return table;
  });
  return { ...part, finish: () => release(), imports: () => imports };
}

describe('a method whose spec loads on first use', () => {
  it('runs in call order with the calls made before and after it', async () => {
    const core = new OpenImCore(new Emitter(), V2, []);
    const log: string[] = [];
    const part = controlledPart({
      later: { event: 'Later', ungated: true, run: (_core, data) => log.push(`later:${String(data)}`) },
      other: { event: 'Other', ungated: true, noData: true, run: () => log.push('other') },
    });
    const later = bindLazy(core, 'later', false, part);
    const other = bindLazy(core, 'other', true, part);
    const eager = bind(core, { event: 'Eager', ungated: true, noData: true, run: () => log.push('eager') });
    const calls = [later('a', 'op-1'), eager('op-2'), other('op-3'), later('b')];
    await Promise.resolve();
    expect(log).toEqual([]);
    part.finish();
    const frames = await Promise.all(calls);
    expect(log).toEqual(['later:a', 'eager', 'other', 'later:b']);
    expect(frames.slice(0, 3)).toMatchObject([
      { event: 'Later', errCode: 0, operationID: 'op-1' },
      { event: 'Eager', errCode: 0, operationID: 'op-2' },
      { event: 'Other', errCode: 0, operationID: 'op-3' },
    ]);
    // Loaded and nothing waiting: a call starts in the caller's turn again.
    void later('c');
    expect(log.at(-1)).toBe('later:c');
    expect(part.imports()).toBe(1);
  });

  it('is refused 1003 with its own event when called logged out', async () => {
    const core = new OpenImCore(new Emitter(), V2, []);
    const part = controlledPart({ getFriendList: { event: 'GetFriendList', noData: true, run: () => 'should not run' } });
    const call = bindLazy(core, 'getFriendList', true, part)('op-x');
    part.finish();
    await expect(call).rejects.toMatchObject({ event: 'GetFriendList', errCode: 1003, errMsg: 'No Login, first Login', operationID: 'op-x' });
  });

  it('fails 804 when its part cannot be fetched, without holding back later calls, and fetches it again on the next call', async () => {
    /** A session that reads as logged in (no server needed: these specs touch no client). */
    class LoggedIn extends OpenImCore {
      override get status(): number {
        return 101;
      }
    }
    const core = new LoggedIn(new Emitter(), V2, []);
    const log: string[] = [];
    const part = controlledPart({ markIt: { event: 'MarkIt', run: () => log.push('ran') } }, true);
    const markIt = bindLazy(core, 'markIt', false, part);
    const first = markIt({}, 'op-1');
    const eager = bind(core, { event: 'Eager', ungated: true, noData: true, run: () => log.push('eager') })();
    part.finish();
    await expect(first).rejects.toMatchObject({ event: 'MarkIt', errCode: 804, errMsg: 'operationID[op-1], info[Failed to fetch dynamically imported module]', operationID: 'op-1' });
    await eager;
    expect(log).toEqual(['eager']);
    await expect(markIt({}, 'op-2')).resolves.toMatchObject({ event: 'MarkIt', errCode: 0, operationID: 'op-2' });
    expect(log).toEqual(['eager', 'ran']);
    expect(part.imports()).toBe(2);
  });
});

describe('OpenIMSDK', () => {
  it('refuses a later method called logged out with 1003 and the method’s event, as before', async () => {
    const sdk = new OpenIMSDK();
    await expect(sdk.getFriendList('op-1')).rejects.toMatchObject({ event: 'GetFriendList', errCode: 1003, operationID: 'op-1', data: '' });
    await expect(sdk.createImageMessage({} as never, 'op-2')).rejects.toMatchObject({ event: 'CreateImageMessageByURL', errCode: 1003, operationID: 'op-2' });
    await expect(sdk.getLoginStatus()).resolves.toMatchObject({ event: 'GetLoginStatus', data: '0' });
  });
});
