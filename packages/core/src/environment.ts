/**
 * What the client reads from its surroundings: the clock, timers, randomness and network
 * reachability. Injectable so tests run on fake timers and in Node without `navigator`.
 */
export interface Environment {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** A number in [0, 1). */
  random(): number;
  /** `false` only when the platform knows it has no network (`navigator.onLine`). */
  online(): boolean;
  /** Calls `listener` when reachability changes; returns the unsubscribe function. */
  onOnlineChange(listener: (online: boolean) => void): () => void;
  /** A fresh random id (UUID v4 form). */
  uuid(): string;
}

interface OnlineTarget {
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
}

function randomUuid(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (c?.randomUUID) return c.randomUUID();
  // Pre-2021 browsers: an RFC 4122 v4 layout from Math.random (ids need uniqueness, not secrecy).
  const hex = '0123456789abcdef';
  let out = '';
  for (let i = 0; i < 36; i++) {
    if (i === 8 || i === 13 || i === 18 || i === 23) out += '-';
    else if (i === 14) out += '4';
    else out += hex[i === 19 ? 8 + Math.floor(Math.random() * 4) : Math.floor(Math.random() * 16)];
  }
  return out;
}

/** The real environment: global timers, `Date.now`, `navigator.onLine` and the window's online/offline events when present. */
export function defaultEnvironment(): Environment {
  const g = globalThis as { navigator?: { onLine?: boolean } } & Partial<OnlineTarget>;
  const target = typeof g.addEventListener === 'function' && typeof g.removeEventListener === 'function' ? (g as OnlineTarget) : undefined;
  return {
    now: () => Date.now(),
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    random: () => Math.random(),
    online: () => g.navigator?.onLine !== false,
    onOnlineChange(listener) {
      if (!target) return () => {};
      const up = () => listener(true);
      const down = () => listener(false);
      target.addEventListener('online', up);
      target.addEventListener('offline', down);
      return () => {
        target.removeEventListener('online', up);
        target.removeEventListener('offline', down);
      };
    },
    uuid: randomUuid,
  };
}

/**
 * Exponential backoff with full jitter: a uniformly random delay in
 * `[0, min(maxMs, baseMs × 2^attempt)]`, so that clients dropped together do not return together.
 */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}
