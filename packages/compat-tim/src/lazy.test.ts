import { describe, expect, it } from 'vitest';
import { inOrder } from './areas/messages/send.js';
import { stateOf } from './areas/messages/state.js';
import { TimCore } from './core.js';
import { LazyArea } from './lazy.js';

/** A module import the test resolves by hand. */
function deferred<M>(): { importer: () => Promise<M>; resolve: (m: M) => void; reject: (e: Error) => void; calls: () => number } {
  let calls = 0;
  let resolve: (m: M) => void = () => {};
  let reject: (e: Error) => void = () => {};
  const importer = () => {
    calls += 1;
    return new Promise<M>((res, rej) => {
      resolve = res;
      reject = rej;
    });
  };
  return { importer, resolve: (m) => resolve(m), reject: (e) => reject(e), calls: () => calls };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('LazyArea', () => {
  it('imports once, runs calls made before the load in order, then runs calls at once', async () => {
    const d = deferred<{ tag: string }>();
    const area = new LazyArea(d.importer);
    const order: string[] = [];
    const first = area.run((m) => order.push(`first ${m.tag}`));
    const second = area.run((m) => order.push(`second ${m.tag}`));
    expect(order).toEqual([]);
    expect(area.value).toBeUndefined();
    d.resolve({ tag: 'm' });
    await Promise.all([first, second]);
    expect(order).toEqual(['first m', 'second m']);
    expect(d.calls()).toBe(1);
    // Loaded and nothing waiting: the call runs synchronously and returns its value.
    expect(area.run((m) => m.tag)).toBe('m');
  });

  it('queues a call made while earlier ones still wait, even if the module has just loaded', async () => {
    const d = deferred<{ tag: string }>();
    const area = new LazyArea(d.importer);
    const order: string[] = [];
    const first = area.run(() => {
      order.push('first');
      // Made while `first` runs and `second` still waits: it must not overtake `second`.
      void area.run(() => order.push('third'));
    });
    const second = area.run(() => order.push('second'));
    d.resolve({ tag: 'm' });
    await Promise.all([first, second]);
    await tick();
    expect(order).toEqual(['first', 'second', 'third']);
  });

  it('rejects the waiting calls when the import fails, and tries again on the next call', async () => {
    const d = deferred<{ tag: string }>();
    const area = new LazyArea(d.importer);
    const failed = area.run((m) => m.tag);
    d.reject(new Error('offline'));
    await expect(failed).rejects.toThrow('offline');
    expect(area.value).toBeUndefined();
    const again = area.run((m) => m.tag);
    expect(d.calls()).toBe(2);
    d.resolve({ tag: 'back' });
    await expect(again).resolves.toBe('back');
  });
});

describe('sends in call order', () => {
  it('a send that waits for a module keeps the sends after it waiting, so they enter in call order', async () => {
    const state = stateOf(new TimCore({ SDKAppID: 1 }, []));
    const d = deferred<{ name: string }>();
    const area = new LazyArea(d.importer);
    const entered: string[] = [];
    const enter = (what: string) => () => {
      entered.push(what);
      return Promise.resolve(what);
    };
    const image = inOrder(state, area, (m) => enter(`image via ${m.name}`)());
    const text = inOrder(state, undefined, enter('text'));
    const other = inOrder(state, undefined, enter('another text'));
    await tick();
    expect(entered).toEqual([]);
    d.resolve({ name: 'uploads' });
    await expect(Promise.all([image, text, other])).resolves.toEqual(['image via uploads', 'text', 'another text']);
    expect(entered).toEqual(['image via uploads', 'text', 'another text']);
    // Nothing waits any more: a send enters synchronously again.
    void inOrder(state, undefined, enter('now'));
    expect(entered.at(-1)).toBe('now');
  });

  it('a failed module load fails only the send that needed it', async () => {
    const state = stateOf(new TimCore({ SDKAppID: 1 }, []));
    const d = deferred<{ name: string }>();
    const area = new LazyArea(d.importer);
    const image = inOrder(state, area, () => Promise.resolve('image'));
    const text = inOrder(state, undefined, () => Promise.resolve('text'));
    // The import starts once the send's turn has come.
    await tick();
    d.reject(new Error('chunk failed'));
    await expect(image).rejects.toThrow('chunk failed');
    await expect(text).resolves.toBe('text');
  });
});
