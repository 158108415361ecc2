/**
 * The behavioural contract of a {@link Bus}, as a vitest suite that every implementation runs
 * (local, Redis and NATS here; third-party buses through `@parley/server/testing`).
 */

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Bus, BusMessage } from '../bus/types.js';

/** What a bus conformance setup provides, once per suite. */
export interface BusFixture {
  /**
   * A new node's bus on the same backend (an in-process bus may return the same instance each
   * time). The suite calls `open()` on it and closes it after the test.
   */
  open(): Promise<Bus>;
  /** Releases what the setup created (spawned servers). Runs once, after the last test. */
  teardown?(): Promise<void>;
  /**
   * Restarts the backend (kill, then start again on the same address), when the fixture can.
   * Without it the reconnect test is skipped.
   */
  restart?(): Promise<void>;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function push(text: string, exceptSessionId?: string): BusMessage {
  return { kind: 'push', push: encoder.encode(text), ...(exceptSessionId !== undefined && { exceptSessionId }) };
}

/** The text of a push message (or a marker for other kinds), for compact assertions. */
function textOf(message: BusMessage): string {
  return message.kind === 'push' ? decoder.decode(message.push) : `<${message.kind}>`;
}

/** Polls `condition` every 5 ms; fails with `what` after `timeoutMs`. */
async function waitFor(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * Defines a vitest `describe` block named `name` that checks a {@link Bus} against the
 * contract of `../bus/types.ts`: delivery across nodes with bytes intact, per-publisher
 * order, reference-counted subscriptions, topic isolation, `settled()`, handler isolation,
 * and (when the fixture can restart its backend) the link listeners and resubscription.
 *
 * @param name - The block's name, usually the bus's.
 * @param setup - Called once before the tests; every test opens its own buses through it and
 *   uses topics of its own, so a shared backend needs no cleanup between tests.
 */
export function runBusConformance(name: string, setup: () => Promise<BusFixture>): void {
  describe(name, () => {
    let fixture: BusFixture;
    let opened: Bus[] = [];
    const run = Math.random().toString(36).slice(2, 10);
    let counter = 0;

    /** A topic no other test (or run) uses, shaped like a user topic. */
    function topic(label = 't'): string {
      counter++;
      return `u\u0000conf-${run}\u0000${label}-${counter}`;
    }

    async function node(): Promise<Bus> {
      const bus = await fixture.open();
      opened.push(bus);
      await bus.open();
      return bus;
    }

    /** Collects what a subscription receives. */
    function collect(bus: Bus, on: string): { got: BusMessage[]; stop: () => void } {
      const got: BusMessage[] = [];
      const stop = bus.subscribe(on, (message) => got.push(message));
      return { got, stop };
    }

    /**
     * A publish from `from` that `to` receives after every earlier publish of `from` (both
     * distributed buses keep one publisher's order across topics): after it, anything that
     * was going to arrive has arrived.
     */
    async function barrier(from: Bus, to: Bus): Promise<void> {
      const on = topic('barrier');
      const { got, stop } = collect(to, on);
      await to.settled();
      from.publish(on, push('barrier'));
      await waitFor('the barrier message', () => got.length > 0);
      stop();
    }

    beforeAll(async () => {
      fixture = await setup();
    });

    afterEach(async () => {
      const buses = opened;
      opened = [];
      for (const bus of new Set(buses)) await bus.close();
    });

    afterAll(async () => {
      await fixture?.teardown?.();
    });

    it('delivers to subscribers on every node with push bytes and exceptSessionId intact', async () => {
      const a = await node();
      const b = await node();
      const on = topic();
      const onA = collect(a, on);
      const onB = collect(b, on);
      await Promise.all([a.settled(), b.settled()]);

      const bytes = new Uint8Array(256).map((_, i) => i);
      a.publish(on, { kind: 'push', push: bytes, exceptSessionId: 'session-1' });
      a.publish(on, { kind: 'push', push: new Uint8Array(0) });
      await waitFor('both pushes on both nodes', () => onA.got.length === 2 && onB.got.length === 2);
      for (const got of [onA.got, onB.got]) {
        const [first, second] = got;
        expect(first?.kind).toBe('push');
        if (first?.kind !== 'push' || second?.kind !== 'push') return;
        expect(Array.from(first.push)).toEqual(Array.from(bytes));
        expect(first.exceptSessionId).toBe('session-1');
        expect(second.push.byteLength).toBe(0);
        expect(second.exceptSessionId).toBeUndefined();
      }
    });

    it('round-trips kick and resync messages', async () => {
      const a = await node();
      const b = await node();
      const on = topic();
      const { got } = collect(b, on);
      await b.settled();
      const kick: BusMessage = { kind: 'kick', sessionIds: ['s1', 's-2 ✓'], reason: 3, detail: 'signed in elsewhere' };
      const noSessions: BusMessage = { kind: 'kick', sessionIds: [], reason: 0, detail: '' };
      const resync: BusMessage = { kind: 'resync', nodeId: 7 };
      a.publish(on, kick);
      a.publish(on, noSessions);
      a.publish(on, resync);
      await waitFor('three messages', () => got.length === 3);
      expect(got).toEqual([kick, noSessions, resync]);
    });

    it("keeps one publisher's order for 500 messages on one topic", async () => {
      const a = await node();
      const b = await node();
      const on = topic();
      const { got } = collect(b, on);
      await b.settled();
      for (let i = 0; i < 500; i++) a.publish(on, push(String(i)));
      await waitFor('500 messages', () => got.length >= 500);
      expect(got.map(textOf)).toEqual(Array.from({ length: 500 }, (_, i) => String(i)));
    });

    it('counts handlers per topic: removing one keeps the others, removing the last stops delivery', async () => {
      const a = await node();
      const b = await node();
      const on = topic();
      const first = collect(b, on);
      const second = collect(b, on);
      const third = collect(b, on);
      await b.settled();

      a.publish(on, push('one'));
      await waitFor('one on every handler', () => [first, second, third].every((h) => h.got.length === 1));

      first.stop();
      first.stop(); // idempotent: must not remove another handler's count
      a.publish(on, push('two'));
      await waitFor('two on the remaining handlers', () => second.got.length === 2 && third.got.length === 2);
      await barrier(a, b);
      expect(first.got.map(textOf)).toEqual(['one']);

      second.stop();
      third.stop();
      third.stop();
      a.publish(on, push('three'));
      await barrier(a, b);
      expect(second.got.map(textOf)).toEqual(['one', 'two']);
      expect(third.got.map(textOf)).toEqual(['one', 'two']);

      // The topic works again after its last handler went away.
      const again = collect(b, on);
      await b.settled();
      a.publish(on, push('four'));
      await waitFor('four after resubscribing', () => again.got.length === 1);
      expect(again.got.map(textOf)).toEqual(['four']);
    });

    it('keeps similar topics apart (NUL, dots, wildcards, spaces, emoji, long ids)', async () => {
      const a = await node();
      const b = await node();
      const base = `conf-${run}-iso`;
      const long = 'x'.repeat(200);
      const topics = [
        `u\u0000${base}\u0000alice`,
        `u\u0000${base}\u0000alice\u0000`,
        `u\u0000${base}.alice`,
        `u.${base}.alice`,
        `u\u0000${base}\u0000al.ice`,
        `u\u0000${base}\u0000*`,
        `u\u0000${base}\u0000>`,
        `u\u0000${base}\u0000a*`,
        `u\u0000${base}\u0000alice bob`,
        `u\u0000${base}\u0000alice\tbob`,
        `u\u0000${base}\u0000alice `,
        `u\u0000${base}\u0000😀`,
        `u\u0000${base}\u0000😁`,
        `u\u0000${base}\u0000${long}`,
        `u\u0000${base}\u0000${long.slice(1)}y`,
        `u\u0000${base}\u0000${long}:x`,
        `r\u0000${base}\u0000alice`,
      ];
      const subs = topics.map((t) => collect(b, t));
      await b.settled();
      topics.forEach((t, i) => {
        a.publish(t, push(`m${i}`));
      });
      await waitFor('one message per topic', () => subs.every((s) => s.got.length >= 1));
      await barrier(a, b);
      subs.forEach((s, i) => {
        expect(s.got.map(textOf), `topic #${i} ${JSON.stringify(topics[i])}`).toEqual([`m${i}`]);
      });
    });

    it('settled(): a subscription is active once settled() resolves', async () => {
      const a = await node();
      const b = await node();
      for (let round = 0; round < 5; round++) {
        const on = topic();
        const { got } = collect(b, on);
        await b.settled();
        a.publish(on, push(`r${round}`));
        await waitFor(`round ${round}`, () => got.length === 1);
      }
    });

    it('a throwing handler does not stop other handlers or later messages', async () => {
      const a = await node();
      const b = await node();
      const on = topic();
      const before = collect(b, on);
      b.subscribe(on, () => {
        throw new Error('handler failure (expected by the test)');
      });
      const after = collect(b, on);
      await b.settled();
      expect(() => a.publish(on, push('x'))).not.toThrow();
      expect(() => a.publish(on, push('y'))).not.toThrow();
      await waitFor('both messages on the healthy handlers', () => before.got.length === 2 && after.got.length === 2);
      expect(before.got.map(textOf)).toEqual(['x', 'y']);
      expect(after.got.map(textOf)).toEqual(['x', 'y']);
    });

    it('reports the link down and up across a backend restart, and resubscribes', async (context) => {
      const restart = fixture.restart;
      if (restart === undefined) return context.skip('the fixture cannot restart its backend');
      const a = await node();
      const b = await node();
      const on = topic();
      const { got } = collect(b, on);
      const onA = collect(a, on);
      const events = new Map<Bus, boolean[]>([
        [a, []],
        [b, []],
      ]);
      for (const [bus, seen] of events) bus.onLink((up) => seen.push(up));
      await Promise.all([a.settled(), b.settled()]);
      a.publish(on, push('before'));
      await waitFor('the message before the restart', () => got.length === 1);

      await restart.call(fixture);
      // Publishing during the outage (or right after it) must neither throw nor queue forever.
      for (let i = 0; i < 20; i++) expect(() => a.publish(on, push('during'))).not.toThrow();
      await waitFor('link down then up on both nodes', () => [...events.values()].every((seen) => seen.includes(true)), 20_000);
      for (const seen of events.values()) expect(seen).toEqual([false, true]);

      await Promise.all([a.settled(), b.settled()]);
      got.length = 0;
      onA.got.length = 0;
      a.publish(on, push('after'));
      b.publish(on, push('after-b'));
      await waitFor('the messages after the restart', () => {
        const texts = got.map(textOf);
        return texts.includes('after') && texts.includes('after-b') && onA.got.map(textOf).includes('after-b');
      });
    });
  });
}
