import type { Client } from '@parley/core';
import { describe, expect, it } from 'vitest';
import { OpenImCore } from '../../core.js';
import { V2 } from '../../dialect.js';
import Emitter, { type Frame } from '../../emitter.js';
import { wireGroups } from './wire.js';

type Row = Record<string, unknown>;
type Listener = (...args: unknown[]) => void;

/** A keyed collection as the core's store holds one: it reports its changes to `emit`. */
function collection(idOf: (row: Row) => string, emit: (change: { upserted: Row[]; deleted: string[] }) => void) {
  const rows = new Map<string, Row>();
  return {
    get: (id: string) => rows.get(id),
    values: () => [...rows.values()],
    apply(upserted: Row[], deleted: string[] = []) {
      for (const row of upserted) rows.set(idOf(row), row);
      for (const id of deleted) rows.delete(id);
      emit({ upserted, deleted });
    },
  };
}

/**
 * The few parts of a signed-in core client the group wiring uses, over a server that knows one
 * group, `club` (bob's, with alice and bob), and answers what the wiring asks of it.
 */
function fakeClient() {
  const listeners = new Map<string, Listener[]>();
  const emit = (event: string, ...args: unknown[]) => {
    for (const fn of listeners.get(event) ?? []) fn(...args);
  };
  const on = (event: string, fn: Listener) => {
    listeners.set(event, [...(listeners.get(event) ?? []), fn]);
    return () => listeners.set(event, (listeners.get(event) ?? []).filter((f) => f !== fn));
  };
  const memberLists = new Map<string, ReturnType<typeof collection>>();
  const members = (groupId: string) => {
    let list = memberLists.get(groupId);
    if (!list) {
      list = collection((m) => m.userId as string, (change) => emit('members', groupId, change));
      memberLists.set(groupId, list);
    }
    return list;
  };
  const club = { groupId: 'g1', name: 'club', ownerId: 'bob', creatorId: 'bob', memberCount: 2 };
  const clubMembers = [
    { groupId: 'g1', userId: 'bob', role: 2 },
    { groupId: 'g1', userId: 'alice', role: 0 },
  ];
  const requests: string[] = [];
  const store = {
    groups: collection((g) => g.groupId as string, (change) => emit('groups', change)),
    memberships: collection((m) => m.groupId as string, (change) => emit('memberships', change)),
    profiles: collection((p) => p.userId as string, (change) => emit('profiles', change)),
    members,
  };
  const client = {
    userId: 'alice',
    store,
    events: { on },
    on,
    async refreshMembers(groupId: string) {
      members(groupId).apply(groupId === 'g1' ? clubMembers : []);
    },
    async request(op: string, payload: Row) {
      requests.push(op);
      if (op === 'groupGet') return { groups: (payload.groupIds as string[]).includes('g1') ? [club] : [], selfInfo: [{ groupId: 'g1', userId: 'alice' }] };
      if (op === 'userGetProfiles') return { profiles: [] };
      throw new Error(`unexpected request ${op}`);
    },
  };
  return { client: client as unknown as Client, store, requests };
}

describe('wireGroups', () => {
  it('fetches a group joined after login that is not synced yet (through the part loaded on first use), then announces it', async () => {
    const emitter = new Emitter();
    const added: Frame[] = [];
    emitter.on('OnJoinedGroupAdded', (frame) => added.push(frame));
    const { client, store, requests } = fakeClient();
    const unwire = wireGroups(new OpenImCore(emitter, V2, []), client);

    // The membership arrives before its group: the wiring has to look the group up.
    store.memberships.apply([{ groupId: 'g1', userId: 'alice' }]);
    await expect.poll(() => added.length).toBe(1);
    expect(requests).toContain('groupGet');
    expect(JSON.parse(added[0]?.data as string)).toMatchObject({ groupID: 'g1', groupName: 'club', ownerUserID: 'bob', memberCount: 2 });
    unwire();
  });
});
