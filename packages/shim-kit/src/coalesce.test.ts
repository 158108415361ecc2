import { describe, expect, it, vi } from 'vitest';
import { Coalescer } from './coalesce.js';

describe('Coalescer', () => {
  it('fires at once, then at most once per interval with a trailing call', () => {
    vi.useFakeTimers();
    try {
      const fired: string[] = [];
      const c = new Coalescer(1000, (key) => fired.push(key), { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as never) }, () => Date.now());
      c.request('a');
      c.request('a');
      c.request('a');
      c.request('b');
      expect(fired).toEqual(['a', 'b']);
      vi.advanceTimersByTime(999);
      expect(fired).toEqual(['a', 'b']);
      vi.advanceTimersByTime(1);
      expect(fired).toEqual(['a', 'b', 'a']);
      vi.advanceTimersByTime(5000);
      expect(fired).toEqual(['a', 'b', 'a']);
      c.request('a');
      c.cancel();
      expect(fired).toEqual(['a', 'b', 'a', 'a']);
    } finally {
      vi.useRealTimers();
    }
  });
});
