/**
 * The cross-vendor scenarios: each runs between two drivers (the same vendor twice, or two
 * vendors) against one real server, through nothing but the drivers' vendor APIs.
 */
import { groupsOf, roomsOf } from '@parley/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../helpers/harness.js';
import { type ChatDriver, DEFAULT_FEATURES, type DriverFactory, type Feature, type Peer, type RoomDriver, type RoomSpec } from './driver.js';

/** A vendor in a pair: its name, its driver, and (when not {@link DEFAULT_FEATURES}) the features its API has. */
export type VendorEntry = [string, DriverFactory] | [string, DriverFactory, ReadonlySet<Feature>];

/** Creates a tenant user with a username and the password `pw-<userId>` (how the drivers that log in with a password sign in). */
export async function registerUser(h: Harness, userId: string): Promise<void> {
  await h.admin('users', { userId, username: userId, password: `pw-${userId}` }).catch((error: Error) => {
    if (!/ALREADY_EXISTS|409/.test(error.message)) throw error;
  });
}

let serial = 0;

/** Registers the scenario suite for users of `a` talking to users of `b`. `start` makes the server. */
export function runScenarios(a: VendorEntry, b: VendorEntry, start: () => Promise<Harness>): void {
  describe(`${a[0]} ↔ ${b[0]}`, () => {
    let h: Harness;
    let alice: ChatDriver;
    let bob: ChatDriver;
    const run = ++serial;
    const ids = { alice: `x${run}-${a[0]}-alice`, bob: `x${run}-${b[0]}-bob` };

    beforeAll(async () => {
      h = await start();
      // Users exist on the tenant before anyone writes to them (TIM creates users on first login;
      // others need registration), with a username and password for the vendors that log in so.
      await registerUser(h, ids.alice);
      await registerUser(h, ids.bob);
      alice = await a[1](h, ids.alice);
      bob = await b[1](h, ids.bob);
    });
    afterAll(async () => {
      await alice?.close().catch(() => {});
      await bob?.close().catch(() => {});
      await h?.stop();
    });

    const toBob: Peer = { get user() { return ids.bob; } };
    const toAlice: Peer = { get user() { return ids.alice; } };

    // Scenarios a pair can express: both vendor APIs must offer what the scenario needs; the
    // others are not registered for the pair at all (not skipped: they do not apply).
    const both = (feature: Feature) => [a[2], b[2]].every((features) => (features ?? DEFAULT_FEATURES).has(feature));
    const itWhen = (applies: boolean): ((name: string, fn: () => Promise<void>) => void) => (applies ? it : () => {});
    const sameIds = () => (alice.idKind ?? 'client') === (bob.idKind ?? 'client') && alice.idKind !== 'none';

    it('one-to-one texts arrive both ways with the same id on both sides', async () => {
      const id1 = await alice.sendText(toBob, 'hello from alice');
      const got1 = await bob.waitForText(toAlice, ids.alice, 'hello from alice');
      if (sameIds()) expect(got1.id).toBe(id1);
      const id2 = await bob.sendText(toAlice, 'hello from bob');
      const got2 = await alice.waitForText(toBob, ids.bob, 'hello from bob');
      if (sameIds()) expect(got2.id).toBe(id2);
      // Nothing arrives twice.
      await new Promise((r) => setTimeout(r, 200));
      expect((await bob.received(toAlice)).filter((m) => m.text === 'hello from alice')).toHaveLength(1);
      expect((await alice.received(toBob)).filter((m) => m.text === 'hello from bob')).toHaveLength(1);
    });

    itWhen(both('unread'))('unread counts follow incoming messages and clear on mark read', async () => {
      await alice.sendText(toBob, 'unread 1');
      await alice.sendText(toBob, 'unread 2');
      await bob.waitForText(toAlice, ids.alice, 'unread 2');
      await expect.poll(() => bob.unread(toAlice)).toBeGreaterThanOrEqual(2);
      await bob.markRead(toAlice);
      await expect.poll(() => bob.unread(toAlice)).toBe(0);
    });

    itWhen(both('history'))('history pages back through everything, in order, without duplicates', async () => {
      const texts = Array.from({ length: 18 }, (_, i) => `page ${i}`);
      for (const [i, text] of texts.entries()) await (i % 2 ? bob.sendText(toAlice, text) : alice.sendText(toBob, text));
      // Each side has seen the other's last message before reading back.
      await bob.waitForText(toAlice, ids.alice, 'page 16');
      await alice.waitForText(toBob, ids.bob, 'page 17');
      for (const reader of [alice, bob]) {
        const history = await reader.history(reader === alice ? toBob : toAlice);
        const paged = history.map((m) => m.text).filter((t) => t.startsWith('page '));
        expect(paged).toEqual(texts);
        expect(new Set(history.map((m) => m.id)).size).toBe(history.length);
      }
    });

    itWhen(both('revoke') && both('history'))('a revoke shows on the other side', async () => {
      const id = await alice.sendText(toBob, 'oops');
      await bob.waitForText(toAlice, ids.alice, 'oops');
      await alice.revoke(toBob, id);
      await bob.waitForRevoked(toAlice, id);
      const history = await bob.history(toAlice);
      expect(history.find((m) => m.id === id)?.revoked).toBe(true);
    });

    itWhen(both('groups'))('group texts reach every member', async () => {
      const owner = await h.login(`x${run}-owner`);
      const { group } = await groupsOf(owner).create({ name: 'cross', type: 2, joinOption: 1, members: [ids.alice, ids.bob] });
      const peer: Peer = { group: group.groupId ?? '' };
      const id = await alice.sendText(peer, 'hi group');
      const seen = await bob.waitForText(peer, ids.alice, 'hi group');
      if (sameIds()) expect(seen.id).toBe(id);
      await bob.sendText(peer, 'hi back');
      await alice.waitForText(peer, ids.bob, 'hi back');
      await owner.close();
    });

    itWhen(both('rooms'))('live room texts reach everyone present, once', async () => {
      const owner = await h.login(`x${run}-room-owner`);
      const created = await roomsOf(owner).create({ name: 'cross room' });
      const room: RoomSpec = { id: created.roomId ?? '', numericId: Number(created.numericId) };
      const rooms = (d: ChatDriver): RoomDriver => {
        if (!d.rooms) throw new Error(`${d.vendor} lists the rooms feature but has no room driver`);
        return d.rooms;
      };
      await rooms(alice).join(room);
      await rooms(bob).join(room);
      await rooms(alice).send(room, 'hi room');
      await rooms(bob).waitForText(room, ids.alice, 'hi room');
      await rooms(bob).send(room, 'hi back, room');
      await rooms(alice).waitForText(room, ids.bob, 'hi back, room');
      await new Promise((r) => setTimeout(r, 200));
      expect((await rooms(bob).received(room)).filter((m) => m.text === 'hi room')).toHaveLength(1);
      expect((await rooms(alice).received(room)).filter((m) => m.text === 'hi back, room')).toHaveLength(1);
      await rooms(alice).leave(room);
      await rooms(bob).leave(room);
      await owner.close();
    });
  });
}
