// The browser bundle of the e2e tests: everything a page script needs, on `window.parley`.

import { Codec, codecName } from 'parley:codec';
import { type Client, type ClientEvents, createClient } from '@parley/core';
import { indexedDBStorage } from '@parley/storage-indexeddb';
import { WebSocketTransport } from '@parley/transport-websocket';
import { Driver } from './driver.js';

/**
 * Resolves with the arguments of the next `event` of `client` for which `accept` returns true.
 * @throws {Error} when it does not come within `timeoutMs`.
 */
function nextEvent<E extends keyof ClientEvents>(client: Client, event: E, accept: (...args: Parameters<ClientEvents[E]>) => boolean = () => true, timeoutMs = 30_000): Promise<Parameters<ClientEvents[E]>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${event} event within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = ((...args: Parameters<ClientEvents[E]>) => {
      if (!accept(...args)) return;
      clearTimeout(timer);
      off();
      resolve(args);
    }) as ClientEvents[E];
    const off = client.on(event, listener);
  });
}

/**
 * Polls `check` until it returns a truthy value, and resolves with it.
 * @throws {Error} when it stays falsy for `timeoutMs`.
 */
async function until<T>(check: () => T | Promise<T>, timeoutMs = 30_000, intervalMs = 10): Promise<T> {
  const start = performance.now();
  for (;;) {
    const value = await check();
    if (value) return value;
    if (performance.now() - start > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

const api = { createClient, Codec, codecName, WebSocketTransport, indexedDBStorage, nextEvent, until, driver: new Driver() };

/** What the page exposes as `window.parley`. */
export type PageApi = typeof api;

declare global {
  interface Window {
    parley: PageApi;
  }
}

window.parley = api;
