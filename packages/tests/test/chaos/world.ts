/**
 * The world of the chaos test: clients on the core SDK, spread over C2C pairs, groups and live
 * rooms, sending at a steady modest rate, with everything their apps see written to the ledger.
 * Each client's WebSocket is tracked so the fault injector can cut it under the client the way
 * a network failure does (the TCP connection dies, no close handshake).
 */
import { randomUUID } from 'node:crypto';
import { type Client, createClient, groupsOf, isParleyError, type Message, type RoomHandle, roomsOf } from '@parley/core';
import { CompactCodec } from '@parley/protocol/compact';
import type { AppConfig } from '@parley/server';
import { WebSocketTransport } from '@parley/transport-websocket';
import WebSocket from 'ws';
import type { Fleet } from '../cluster/fleet.js';
import type { Rng } from './faults.js';
import { type ConvSpec, type Ledger, pairKey } from './ledger.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A WebSocket class that remembers its latest socket, so a test can kill it. */
function trackedWebSocket(): { Ctor: new (address: string, protocols?: string | string[]) => WebSocket; cut(): boolean } {
  let current: WebSocket | undefined;
  class Tracked extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols);
      current = this;
    }
  }
  return {
    Ctor: Tracked,
    cut() {
      const socket = current;
      if (!socket || socket.readyState === WebSocket.CLOSED) return false;
      // `terminate` destroys the TCP socket at once: both ends see an abnormal close (1006).
      socket.terminate();
      return true;
    },
  };
}

/** One participant. */
interface Member {
  index: number;
  userId: string;
  client: Client;
  convs: ConvSpec[];
  rooms: Map<string, RoomHandle>;
  cut(): boolean;
  rng: Rng;
}

/** Which clients share which conversations (indexes into the client list). */
export interface Topology {
  pairs: Array<[number, number]>;
  groups: number[][];
  rooms: number[][];
}

/**
 * 50 clients: the first 30 in 15 C2C pairs, clients 10–49 in 4 groups of 10, clients 20–49 in
 * 3 live rooms of 10. Most clients are in two or three conversations of different kinds.
 */
export function topology(clients: number): Topology {
  const range = (from: number) => Array.from({ length: Math.max(0, clients - from) }, (_, i) => from + i);
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i + 1 < Math.min(30, clients); i += 2) pairs.push([i, i + 1]);
  const groups = [0, 1, 2, 3].map((g) => range(10).filter((i) => i % 4 === g));
  const rooms = [0, 1, 2].map((r) => range(20).filter((i) => i % 3 === r));
  return { pairs, groups: groups.filter((g) => g.length > 1), rooms: rooms.filter((r) => r.length > 1) };
}

export class World {
  readonly members: Member[] = [];
  readonly #sends = new Set<Promise<unknown>>();
  #open = true;

  constructor(
    private readonly app: AppConfig,
    /** Issues tokens (through a live node's admin API). */
    private readonly fleet: Fleet,
    private readonly ledger: Ledger,
    private readonly rng: Rng,
    /** The URL client `index` connects to. */
    private readonly urlOf: (index: number) => string,
    private readonly prefix: string,
  ) {}

  /** Logs everyone in, creates the groups and rooms, enters the rooms, and warms every conversation up. */
  async setup(clients: number): Promise<void> {
    for (let from = 0; from < clients; from += 10) {
      const batch = Array.from({ length: Math.min(10, clients - from) }, (_, i) => this.#login(from + i));
      this.members.push(...(await Promise.all(batch)));
    }
    const shape = topology(clients);
    for (const [a, b] of shape.pairs) {
      const [x, y] = [this.#at(a), this.#at(b)];
      const spec: ConvSpec = { key: pairKey(x.userId, y.userId), kind: 'c2c', id: '', members: [x.userId, y.userId] };
      this.#join(spec, [x, y]);
    }
    for (const [g, indexes] of shape.groups.entries()) {
      const [owner, ...rest] = indexes.map((i) => this.#at(i));
      if (!owner) continue;
      const { group } = await groupsOf(owner.client).create({ name: `chaos group ${g}`, members: rest.map((m) => m.userId) });
      const spec: ConvSpec = { key: `group:${group.groupId}`, kind: 'group', id: `group:${group.groupId}`, members: [owner.userId, ...rest.map((m) => m.userId)] };
      this.#join(spec, [owner, ...rest]);
    }
    for (const [r, indexes] of shape.rooms.entries()) {
      const people = indexes.map((i) => this.#at(i));
      const owner = people[0] as Member;
      const room = await roomsOf(owner.client).create({ name: `chaos room ${r}` });
      const roomId = room.roomId ?? '';
      const spec: ConvSpec = { key: roomId, kind: 'room', id: roomId, members: people.map((m) => m.userId) };
      this.#join(spec, people);
      await Promise.all(people.map((m) => this.#enter(m, roomId)));
    }
    await this.#warmUp();
  }

  /** Cuts one client's link (a no-op while it has none). */
  drop(index: number): void {
    const m = this.members[index];
    if (m?.cut()) this.ledger.note(m.userId, 'link cut');
  }

  /**
   * Every client sends, every `gapMs` on average (jittered), to one of its conversations picked
   * at random, for `durationMs`. Sends are not awaited: the outbox queues them across outages.
   */
  async traffic(durationMs: number, gapMs: number): Promise<void> {
    const end = Date.now() + durationMs;
    await Promise.all(
      this.members.map(async (m) => {
        await pause(m.rng.int(0, gapMs));
        while (Date.now() < end) {
          this.#send(m, m.rng.pick(m.convs));
          await pause(m.rng.int(gapMs / 2, (gapMs * 3) / 2));
        }
      }),
    );
  }

  /** Waits until every send is answered (acknowledged or refused), or `timeoutMs` passes. */
  async settle(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.#sends.size > 0 && Date.now() < deadline) await Promise.race([Promise.all(this.#sends), pause(200)]);
    return this.#sends.size === 0;
  }

  /** Whether every client has a ready session. */
  allReady(): boolean {
    return this.members.every((m) => m.client.state === 'ready');
  }

  async close(): Promise<void> {
    this.#open = false;
    await Promise.all(this.members.map((m) => m.client.close().catch(() => {})));
  }

  #at(index: number): Member {
    const member = this.members[index];
    if (!member) throw new Error(`no client ${index}`);
    return member;
  }

  #join(spec: ConvSpec, members: Member[]): void {
    this.ledger.addConv(spec);
    for (const m of members) m.convs.push(spec);
  }

  async #login(index: number): Promise<Member> {
    const userId = `${this.prefix}${String(index).padStart(2, '0')}`;
    const socket = trackedWebSocket();
    // Forked before any await, so each client's random choices depend on the seed alone.
    const rng = this.rng.fork(index);
    const client = createClient({
      transport: new WebSocketTransport({ WebSocket: socket.Ctor as never }),
      codec: new CompactCodec(),
      url: this.urlOf(index),
      app: { appId: this.app.id },
      reconnectBaseMs: 50,
      reconnectMaxMs: 400,
    });
    // Recording starts before the session does: nothing the app sees escapes the ledger.
    World.record(client, userId, this.ledger);
    await client.login({ credential: { nativeToken: { userId, token: await this.fleet.token(userId) } } });
    return { index, userId, client, convs: [], rooms: new Map(), cut: socket.cut, rng };
  }

  /** Hooks a client's events to the ledger. */
  static record(client: Client, userId: string, ledger: Ledger): void {
    client.on('state', (state) => {
      ledger.note(userId, state === 'ready' ? `ready (session ${client.connection.session?.sessionId.slice(0, 8)})` : state);
      if (state === 'ready') ledger.ready.open(userId, Date.now());
      else ledger.ready.close(userId, Date.now());
    });
    client.on('messages', (convId: string, messages: Message[]) => {
      const key = convId.startsWith('c2c:') ? pairKey(userId, convId.slice(4)) : convId.startsWith('group:') ? convId : undefined;
      if (!key) return;
      for (const m of messages) {
        // Own pending sends are announced with seq 0; only entries of the log count here.
        if (m.seq > 0) ledger.saw(userId, key, { seq: m.seq, clientMsgId: m.clientMsgId, serverMsgId: m.serverMsgId, senderId: m.senderId });
      }
    });
    client.on('kicked', (reason, detail) => ledger.incidents.push(`${userId} was kicked (${reason}: ${detail})`));
  }

  /** Enters a room, and again after every eviction, for as long as the world is open. */
  async #enter(m: Member, roomId: string): Promise<void> {
    const key = `${m.userId} ${roomId}`;
    for (let attempt = 0; this.#open; attempt++) {
      let handle: RoomHandle;
      try {
        handle = await roomsOf(m.client).join(roomId, { initialMembers: 0 });
      } catch {
        await pause(Math.min(1000, 100 * (attempt + 1)));
        continue;
      }
      // Listeners go on before anything else runs: no push can slip between entering and listening.
      this.ledger.inRoom.open(key, Date.now());
      this.ledger.note(m.userId, `entered ${roomId}`);
      m.rooms.set(roomId, handle);
      handle.on('message', (msg) => this.ledger.saw(m.userId, roomId, { seq: msg.seq, clientMsgId: msg.clientMsgId, serverMsgId: msg.serverMsgId, senderId: msg.senderId }));
      handle.on('evicted', (reason) => {
        this.ledger.inRoom.close(key, Date.now());
        this.ledger.note(m.userId, `evicted from ${roomId} (${reason})`);
        void this.#enter(m, roomId);
      });
      handle.on('kick', (kick) => this.ledger.incidents.push(`${m.userId}: kicked from ${roomId} by ${kick.by}`));
      handle.on('dismissed', () => this.ledger.incidents.push(`${m.userId}: ${roomId} was dismissed`));
      return;
    }
  }

  #send(m: Member, conv: ConvSpec): void {
    const handle = conv.kind === 'room' ? m.rooms.get(conv.id) : undefined;
    // An app does not post into a room it has been put out of (it enters again first).
    if (conv.kind === 'room' && !handle?.active) return;
    const clientMsgId = randomUUID();
    const record = this.ledger.send(conv, m.userId, clientMsgId);
    const elements = [{ text: { text: `${m.userId}#${record.index}` } }];
    const peer = conv.kind === 'c2c' ? conv.members.find((u) => u !== m.userId) : undefined;
    const sent = handle ? handle.send(elements, { clientMsgId }) : m.client.send({ convId: peer ? `c2c:${peer}` : conv.id, clientMsgId, elements });
    const settled = sent.then(
      (message) => {
        record.ackedAt = Date.now();
        record.seq = message.seq;
        record.serverMsgId = message.serverMsgId;
      },
      (error: unknown) => {
        record.refused = isParleyError(error) ? error.codeName : String(error);
      },
    );
    this.#sends.add(settled);
    void settled.finally(() => this.#sends.delete(settled));
  }

  /** One message per conversation, seen by every member, before any fault: every cache has a head. */
  async #warmUp(): Promise<void> {
    for (const conv of this.ledger.convs.values()) {
      if (conv.kind === 'room') continue;
      const first = this.members.find((m) => m.userId === conv.members[0]);
      if (first) this.#send(first, conv);
    }
    await this.settle(20_000);
    const deadline = Date.now() + 20_000;
    const done = () =>
      [...this.ledger.convs.values()].every((c) => c.kind === 'room' || c.members.slice(1).every((u) => this.ledger.seenBy(u, c.key).some((s) => s.senderId === c.members[0])));
    while (!done()) {
      if (Date.now() > deadline) throw new Error('warm-up messages did not arrive');
      await pause(50);
    }
  }
}
