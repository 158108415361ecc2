import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Deadlines } from '../../src/gateway/deadlines.js';

describe('Deadlines', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(1_000_000_250);
  });
  afterEach(() => vi.useRealTimers());

  it('fires each item once, on the whole second at or after its time, sharing one timer per second', () => {
    const fired: string[] = [];
    const deadlines = new Deadlines<string>((item) => fired.push(item));
    expect(deadlines.add(1_000_001_100, 'a')).toBe(1_000_002);
    expect(deadlines.add(1_000_001_900, 'b')).toBe(1_000_002);
    expect(deadlines.add(1_000_003_000, 'c')).toBe(1_000_003);
    expect(vi.getTimerCount()).toBe(2);
    vi.advanceTimersByTime(1_749);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual(['a', 'b']);
    vi.advanceTimersByTime(1_000);
    expect(fired).toEqual(['a', 'b', 'c']);
    expect(deadlines.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('removes items, dropping the timer of an emptied second', () => {
    const fired: string[] = [];
    const deadlines = new Deadlines<string>((item) => fired.push(item));
    const a = deadlines.add(1_000_005_000, 'a');
    const b = deadlines.add(1_000_005_000, 'b');
    deadlines.remove(a, 'a');
    expect(vi.getTimerCount()).toBe(1);
    deadlines.remove(b, 'b');
    expect(vi.getTimerCount()).toBe(0);
    deadlines.remove(0, 'x');
    vi.advanceTimersByTime(10_000);
    expect(fired).toEqual([]);
  });

  it('fires a past deadline on the next second, never one beyond the timer range, and survives a throwing item', () => {
    const fired: string[] = [];
    const deadlines = new Deadlines<string>((item) => {
      if (item === 'bad') throw new Error('boom');
      fired.push(item);
    });
    expect(deadlines.add(0, 'bad')).toBe(1_000_001);
    deadlines.add(0, 'past');
    expect(deadlines.add(1_000_000_250 + 2 ** 31, 'far')).toBe(0);
    vi.advanceTimersByTime(750);
    expect(fired).toEqual(['past']);
    deadlines.add(1_000_010_000, 'later');
    deadlines.clear();
    vi.advanceTimersByTime(20_000);
    expect(fired).toEqual(['past']);
  });
});
