import type { parley } from '@parley/protocol';
import type { Client } from '../client.js';
import type { PushFrame } from '../events.js';
import { ATTR_MODES, type AttrMode, type AttrStore, toAttrStore } from './attrs.js';

/**
 * Group attributes and counters, behind {@link GroupsApi}'s attribute and counter methods
 * (documented there). Neither is part of the synced store: the caches here are fed by reads,
 * own writes and `attributes` / `counter` pushes.
 */
export class GroupAttrs {
  #attrs = new Map<string, Record<string, string>>();
  #counters = new Map<string, Record<string, number>>();

  constructor(private readonly client: Client) {
    // The event bus exists before any connection; pushes arrive only once connected.
    client.events.on('push', (push: PushFrame) => {
      const attrs = push.attributes;
      if (attrs?.scope?.groupId) this.#attrs.set(attrs.scope.groupId, { ...(attrs.full ?? {}) });
      const counter = push.counter;
      if (counter?.groupId) this.#counters.set(counter.groupId, { ...this.counters(counter.groupId), ...(counter.values ?? {}) });
    });
    // Signed out: the next user must not read this one's caches.
    client.events.on('state', (state) => {
      if (state !== 'idle' && state !== 'closed') return;
      this.#attrs.clear();
      this.#counters.clear();
    });
  }

  /** The cached attribute values of a group (`{}` when unknown). */
  attributes(groupId: string): Record<string, string> {
    return { ...this.#attrs.get(groupId) };
  }

  /** Reads attributes; a full read replaces the cache, a read of some keys merges into it. */
  async read(groupId: string, keys: readonly string[]): Promise<AttrStore> {
    const store = toAttrStore(await this.client.request('attrRead', { scope: { groupId }, keys: [...keys] }));
    this.#attrs.set(groupId, keys.length ? { ...this.#attrs.get(groupId), ...store.values } : store.values);
    return store;
  }

  /** Writes attributes; the answer is the whole store, which replaces the cache. */
  async write(groupId: string, mode: AttrMode, options: { entries?: Record<string, string>; keys?: readonly string[] }): Promise<AttrStore> {
    const result = await this.client.request('attrWrite', { scope: { groupId }, mode: ATTR_MODES[mode], entries: options.entries ?? {}, keys: [...(options.keys ?? [])] });
    const store = toAttrStore(result);
    this.#attrs.set(groupId, store.values);
    return store;
  }

  /** The cached counters of a group (`{}` when unknown). */
  counters(groupId: string): Record<string, number> {
    return { ...this.#counters.get(groupId) };
  }

  /** Reads counters (all when no keys are given). */
  async readCounters(groupId: string, keys: readonly string[]): Promise<Record<string, number>> {
    return this.#counted(groupId, await this.client.request('counterRead', { groupId, keys: [...keys] }));
  }

  /** Sets, increases or decreases counters; resolves with the new values of the keys written. */
  async writeCounters(groupId: string, values: Record<string, number>, mode: 'set' | 'increase' | 'decrease'): Promise<Record<string, number>> {
    const wire = { set: 0, increase: 1, decrease: 2 }[mode]; // parley.v1.CounterMode
    return this.#counted(groupId, await this.client.request('counterWrite', { groupId, mode: wire, values }));
  }

  /** Drops what is cached of a group the caller is no longer in. */
  forget(groupId: string): void {
    this.#attrs.delete(groupId);
    this.#counters.delete(groupId);
  }

  #counted(groupId: string, result: parley.v1.Counters.$Properties | undefined): Record<string, number> {
    const values = { ...(result?.values ?? {}) };
    this.#counters.set(groupId, { ...this.#counters.get(groupId), ...values });
    return values;
  }
}
