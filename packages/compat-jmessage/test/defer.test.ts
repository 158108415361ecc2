import { describe, expect, it } from 'vitest';
import { JmCore } from '../src/core.js';
import type { JmHandle } from '../src/handle.js';
import { LazyArea } from '../src/lazy.js';

/** A stand-in for the on-demand module: one method that records when it starts. */
interface Area {
  method(core: JmCore, tag: string): JmHandle;
}

/** A method body that records its start (synchronously, as a request would go out) and succeeds. */
const recording = (order: string[]) => (core: JmCore, tag: string) =>
  core.run(
    tag,
    {},
    async () => {
      order.push(tag);
      return { data: { tag } };
    },
    { anonymous: true },
  );

/** An area whose load finishes when the test says so. */
function gatedArea(order: string[]): { area: LazyArea<Area>; release: () => void; loads: () => number } {
  let release = () => {};
  let loads = 0;
  const area = new LazyArea<Area>(() => {
    loads++;
    return new Promise<Area>((resolve) => {
      release = () => resolve({ method: recording(order) });
    });
  });
  return { area, release: () => release(), loads: () => loads };
}

const outcome = (handle: JmHandle) =>
  new Promise<{ kind: string; data: unknown }>((resolve) => {
    handle.onSuccess((data) => resolve({ kind: 'success', data })).onFail((data) => resolve({ kind: 'fail', data })).onTimeout((data) => resolve({ kind: 'timeout', data }));
  });

describe('methods that load on their first call', () => {
  it('keep call order: calls made while an area loads, whatever their area, start after it, in order; afterwards calls start at once', async () => {
    const order: string[] = [];
    const core = new JmCore(false, []);
    const { area, release, loads } = gatedArea(order);
    const eager = recording(order);
    const first = core.defer(area, (m) => m.method(core, 'lazy-1'));
    const second = eager(core, 'eager-2');
    const third = core.defer(area, (m) => m.method(core, 'lazy-3'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(order).toEqual([]);
    release();
    expect(await outcome(first)).toEqual({ kind: 'success', data: { code: 0, message: 'success', tag: 'lazy-1' } });
    expect(await outcome(second)).toMatchObject({ kind: 'success', data: { tag: 'eager-2' } });
    expect(await outcome(third)).toMatchObject({ kind: 'success', data: { tag: 'lazy-3' } });
    expect(order).toEqual(['lazy-1', 'eager-2', 'lazy-3']);
    expect(loads()).toBe(1);
    // Loaded, nothing waiting: both kinds start within the call, as every method did before.
    core.defer(area, (m) => m.method(core, 'lazy-4'));
    eager(core, 'eager-5');
    expect(order.slice(3)).toEqual(['lazy-4', 'eager-5']);
  });

  it('a load that fails (no network) settles the call with onTimeout and changes nothing; the next call loads again', async () => {
    const order: string[] = [];
    const core = new JmCore(false, []);
    let attempts = 0;
    const area = new LazyArea<Area>(async () => {
      attempts++;
      if (attempts === 1) throw new TypeError('Failed to fetch dynamically imported module');
      return { method: recording(order) };
    });
    const failed = core.defer(area, (m) => m.method(core, 'lost'));
    const after = recording(order)(core, 'eager');
    expect(await outcome(failed)).toEqual({ kind: 'timeout', data: { code: 882005, message: 'response time out，try again later', response_timeout: false } });
    expect(await outcome(after)).toMatchObject({ kind: 'success' });
    expect(order).toEqual(['eager']);
    expect(await outcome(core.defer(area, (m) => m.method(core, 'again')))).toMatchObject({ kind: 'success', data: { tag: 'again' } });
    expect(attempts).toBe(2);
  });
});
