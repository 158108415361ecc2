import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configure, im } from '../src/index.js';

/**
 * The real `maxleap-im@3.0.17` (a devDependency): its browser bundle `dist/ML.im.js` is loaded in
 * Node with a `window`, `navigator`, `location` and an inert `WebSocket` (nothing connects), and
 * only inspected: `ML.im.version` and the members of an instance.
 */
type VendorIm = ((options: object, callback?: () => void) => Record<string, unknown>) & { version: string };

let vendorIm: VendorIm;
const g = globalThis as Record<string, unknown>;
const saved: Record<string, unknown> = {};

beforeAll(() => {
  for (const key of ['window', 'navigator', 'location', 'WebSocket', 'ML']) saved[key] = g[key];
  g.window = globalThis;
  g.location = { protocol: 'http:', hostname: 'localhost', port: '', href: 'http://localhost/' };
  g.WebSocket = class {
    readyState = 0;
    send(): void {}
    close(): void {}
  };
  if (!('navigator' in globalThis)) g.navigator = { userAgent: 'node' };
  const log = console.log;
  console.log = () => {};
  try {
    createRequire(import.meta.url)('maxleap-im/dist/ML.im.js');
  } finally {
    console.log = log;
  }
  vendorIm = (g.ML as { im: VendorIm }).im;
});
afterAll(() => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete g[key];
    else g[key] = value;
  }
});

/** The members the vendor's instance exposes as functions, internals left out. */
function publicMethods(o: Record<string, unknown>): string[] {
  return Object.keys(o)
    .filter((name) => typeof o[name] === 'function' && name !== 'chunk')
    .sort();
}

describe('against the real maxleap-im 3.0.17', () => {
  it('ML.im.version is the same', () => {
    expect(im.version).toBe(vendorIm.version);
  });

  it('an instance has every method the vendor instance has (REST helpers, builder, listeners, open, send, mediaUrl)', () => {
    const theirs = vendorIm({ appId: 'app', clientId: 'key', userId: 'u1', region: 'cn' }, () => {});
    // Ours connects too: point it at a closed port so nothing is reached.
    configure({ url: 'ws://127.0.0.1:9/parley/ws', WebSocket: g.WebSocket as never, storage: 'memory' });
    const ours = im({ appId: 'app', clientId: 'key', userId: 'u1', region: 'cn' }, () => {}) as unknown as Record<string, unknown>;
    const names = publicMethods(theirs);
    expect(names.length).toBeGreaterThanOrEqual(60);
    expect(names.filter((name) => typeof ours[name] !== 'function')).toEqual([]);
  });
});
