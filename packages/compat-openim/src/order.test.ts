import { describe, expect, it } from 'vitest';
import { lazy } from './lazy.js';
import { CallOrder } from './order.js';

/** A promise settled from outside, for loads that finish when the test says. */
function deferred<T>(): { promise: Promise<T>; resolve(value: T): void; reject(error: unknown): void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('CallOrder', () => {
  it('runs a call at once, in the caller’s turn, when nothing waits', () => {
    const order = new CallOrder();
    const log: string[] = [];
    expect(order.run(() => log.push('a'))).toBe(1);
    expect(log).toEqual(['a']);
  });

  it('holds calls made after one that waits for its code until it has started, in call order', async () => {
    const order = new CallOrder();
    const log: string[] = [];
    const load = deferred<string>();
    const first = order.after(load.promise, (part) => log.push(`first:${part}`));
    const second = order.run(() => log.push('second'));
    const third = order.after(Promise.resolve('x'), (part) => log.push(`third:${part}`));
    const fourth = order.run(() => log.push('fourth'));
    await Promise.resolve();
    expect(log).toEqual([]);
    load.resolve('p');
    await Promise.all([first, second, third, fourth]);
    expect(log).toEqual(['first:p', 'second', 'third:x', 'fourth']);
    // Nothing waits any more: back to running at once.
    order.run(() => log.push('fifth'));
    expect(log.at(-1)).toBe('fifth');
  });

  it('runs a call made from inside a running call at once (it is part of that call)', async () => {
    const order = new CallOrder();
    const log: string[] = [];
    const load = deferred<void>();
    const outer = order.after(load.promise, () => {
      log.push('outer');
      order.run(() => log.push('inner'));
      log.push('outer done');
    });
    const later = order.run(() => log.push('later'));
    load.resolve();
    await Promise.all([outer, later]);
    expect(log).toEqual(['outer', 'inner', 'outer done', 'later']);
  });

  it('fails only the call whose code could not load; the calls behind it go on', async () => {
    const order = new CallOrder();
    const log: string[] = [];
    const load = deferred<void>();
    const failed = order.after(load.promise, () => log.push('never'));
    const next = order.run(() => log.push('next'));
    load.reject(new Error('offline'));
    await expect(failed).rejects.toThrow('offline');
    await next;
    expect(log).toEqual(['next']);
  });

  it('answers a failed load with `failed` when given', async () => {
    const order = new CallOrder();
    await expect(order.after(Promise.reject(new Error('offline')), () => 'loaded', (error) => `failed: ${(error as Error).message}`)).resolves.toBe('failed: offline');
  });
});

describe('lazy', () => {
  it('loads once, keeps what it loaded, and tries again after a failure', async () => {
    let calls = 0;
    const part = lazy(async () => {
      calls += 1;
      if (calls === 1) throw new Error('offline');
      return { value: calls };
    });
    expect(part.get()).toBeUndefined();
    await expect(part.load()).rejects.toThrow('offline');
    expect(part.get()).toBeUndefined();
    const [a, b] = await Promise.all([part.load(), part.load()]);
    expect(a).toBe(b);
    expect(part.get()).toEqual({ value: 2 });
    expect(calls).toBe(2);
  });
});
