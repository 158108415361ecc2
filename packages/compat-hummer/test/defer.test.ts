import { describe, expect, it } from 'vitest';
import { HummerCore, type Result } from '../src/core.js';
import { LazyArea } from '../src/lazy.js';

/** A stand-in for the on-demand module: one call that records when it starts. */
interface Area {
  method(core: HummerCore, tag: string): Promise<Result>;
}

/** A call whose body records its start (synchronously, as a request would go out) and resolves. */
const recording = (order: string[]) => (core: HummerCore, tag: string) =>
  core.call(
    tag,
    () => {
      order.push(tag);
      return { tag };
    },
    { ungated: true },
  );

describe('calls that load on their first use', () => {
  it('keep call order: calls made while the module loads, whatever their module, start after it, in order; afterwards calls start at once', async () => {
    const order: string[] = [];
    const core = new HummerCore(1, []);
    let release = () => {};
    let loads = 0;
    const area = new LazyArea<Area>(() => {
      loads++;
      return new Promise<Area>((resolve) => {
        release = () => resolve({ method: recording(order) });
      });
    });
    const eager = recording(order);
    const first = core.defer(area, (m) => m.method(core, 'lazy-1'));
    const second = eager(core, 'eager-2');
    const third = core.defer(area, (m) => m.method(core, 'lazy-3'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(order).toEqual([]);
    release();
    expect(await first).toEqual({ rescode: 0, msg: 'OK', tag: 'lazy-1' });
    expect(await second).toMatchObject({ rescode: 0, tag: 'eager-2' });
    expect(await third).toMatchObject({ rescode: 0, tag: 'lazy-3' });
    expect(order).toEqual(['lazy-1', 'eager-2', 'lazy-3']);
    expect(loads).toBe(1);
    // Loaded, nothing waiting (the queue empties within the task): both kinds start within the call, as every call did before.
    await new Promise((resolve) => setTimeout(resolve, 0));
    void core.defer(area, (m) => m.method(core, 'lazy-4'));
    void eager(core, 'eager-5');
    expect(order.slice(3)).toEqual(['lazy-4', 'eager-5']);
  });

  it('a load that fails (no network) rejects with 1007 ConnectionFailed and runs nothing; the next call loads again', async () => {
    const order: string[] = [];
    const core = new HummerCore(1, []);
    core.logLevel = 3;
    let attempts = 0;
    const area = new LazyArea<Area>(async () => {
      attempts++;
      if (attempts === 1) throw new TypeError('Failed to fetch dynamically imported module');
      return { method: recording(order) };
    });
    const failed = core.defer(area, (m) => m.method(core, 'lost'));
    const after = recording(order)(core, 'eager');
    await expect(failed).rejects.toEqual({ rescode: 1007, msg: 'ConnectionFailed' });
    await expect(after).resolves.toMatchObject({ rescode: 0 });
    expect(order).toEqual(['eager']);
    await expect(core.defer(area, (m) => m.method(core, 'again'))).resolves.toMatchObject({ tag: 'again' });
    expect(attempts).toBe(2);
  });
});
