/**
 * Loads the real vendor SDKs (tim-js-sdk 2.27.6, @tencentcloud/chat 3.1.1) in Node for the
 * comparison tests. Their UMD bundles expect a browser: they read `window` and `navigator` at
 * load time and open a WebSocket (and fetch an error-text file over XHR) in `create()`. The
 * stubs below satisfy them and record every address they try, so nothing leaves the machine.
 */
import { createRequire } from 'node:module';

/** The vendor's static `TIM` object, as far as the tests use it. */
export interface VendorStatic {
  create(options: { SDKAppID: number }): object;
  EVENT: Record<string, unknown>;
  TYPES: Record<string, unknown>;
  VERSION: string;
}

/** The addresses the vendor code tried to reach (all stopped by the stubs). */
export interface NetworkLog {
  sockets: string[];
  requests: string[];
  fetches: string[];
}

const network: NetworkLog = { sockets: [], requests: [], fetches: [] };
let installed = false;

/** Installs the browser stubs once per test file (vitest isolates files) and returns the log. */
export function installBrowserStubs(): NetworkLog {
  if (installed) return network;
  installed = true;
  const g = globalThis as Record<string, unknown>;
  g.window = globalThis;
  // Node 21+ defines a read-only `navigator`; defineProperty works on either.
  Object.defineProperty(globalThis, 'navigator', { value: { userAgent: 'node', language: 'en-US' }, configurable: true, writable: true });
  g.WebSocket = class StubWebSocket {
    static readonly CONNECTING = 0;
    static readonly OPEN = 1;
    static readonly CLOSING = 2;
    static readonly CLOSED = 3;
    readyState = 0;
    constructor(url: string) {
      network.sockets.push(String(url));
    }
    send(): void {}
    close(): void {
      this.readyState = 3;
    }
    addEventListener(): void {}
    removeEventListener(): void {}
  };
  g.XMLHttpRequest = class StubXMLHttpRequest {
    readyState = 0;
    status = 0;
    open(_method: string, url: string): void {
      network.requests.push(String(url));
    }
    send(): void {}
    abort(): void {}
    setRequestHeader(): void {}
    addEventListener(): void {}
    removeEventListener(): void {}
  };
  g.fetch = (input: unknown) => {
    network.fetches.push(String(input));
    return Promise.reject(new TypeError('network disabled in tests'));
  };
  return network;
}

const require = createRequire(import.meta.url);

/** Runs `fn` with the console muted: the vendors print a banner on load and on `create()`. */
function quietly<T>(fn: () => T): T {
  const saved = { log: console.log, info: console.info, warn: console.warn, debug: console.debug };
  console.log = console.info = console.warn = console.debug = () => {};
  try {
    return fn();
  } finally {
    Object.assign(console, saved);
  }
}

/** `require`s a vendor package after installing the stubs. */
export function loadVendor(name: 'tim-js-sdk' | '@tencentcloud/chat'): VendorStatic {
  installBrowserStubs();
  return quietly(() => require(name) as VendorStatic);
}

/** A vendor instance with its logging off (level 4). */
export function createVendor(TIM: VendorStatic, SDKAppID: number): Record<string, unknown> {
  return quietly(() => {
    const instance = TIM.create({ SDKAppID }) as Record<string, unknown> & { setLogLevel(level: number): void };
    instance.setLogLevel(4);
    return instance;
  });
}

/**
 * The function-valued properties of `instance` and its prototype chain (not `Object.prototype`'s,
 * not `constructor`), sorted. Reads descriptors, so no getter runs.
 */
export function methodNames(instance: object): string[] {
  const names = new Set<string>();
  for (let o: object | null = instance; o && o !== Object.prototype; o = Object.getPrototypeOf(o) as object | null) {
    for (const key of Object.getOwnPropertyNames(o)) {
      if (key !== 'constructor' && typeof Object.getOwnPropertyDescriptor(o, key)?.value === 'function') names.add(key);
    }
  }
  return [...names].sort();
}

/** Keys missing from `ours`, keys `ours` adds, and keys whose values differ. */
export interface KeyDiff {
  missing: string[];
  extra: string[];
  changed: Array<{ key: string; vendor: unknown; ours: unknown }>;
}

/** Compares two constant tables key by key. */
export function diffKeys(vendor: Record<string, unknown>, ours: Record<string, unknown>): KeyDiff {
  const missing = Object.keys(vendor).filter((key) => !(key in ours));
  const extra = Object.keys(ours).filter((key) => !(key in vendor));
  const changed = Object.keys(vendor)
    .filter((key) => key in ours && !Object.is(vendor[key], ours[key]))
    .map((key) => ({ key, vendor: vendor[key], ours: ours[key] }));
  return { missing, extra, changed };
}
