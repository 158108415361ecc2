/**
 * What the chaos test observed: every send (when it was made, whether and when it was
 * acknowledged, with which seq), every message each client's app saw (in the order it saw
 * them), when each client had a ready session, when it held each room, and when the server side
 * was in trouble. The checker (./checker.ts) reads it afterwards.
 */

export type Kind = 'c2c' | 'group' | 'room';

/** One conversation of the workload, under a key that is the same for every member. */
export interface ConvSpec {
  key: string;
  kind: Kind;
  /** Group: `group:<id>`; room: the room id; C2C: unused (each side has its own conv id). */
  id: string;
  members: string[];
}

/** One `send()` of the workload. */
export interface SendRecord {
  conv: string;
  kind: Kind;
  senderId: string;
  clientMsgId: string;
  /** Position among this sender's sends in this conversation (room order is per sender). */
  index: number;
  sentAt: number;
  ackedAt?: number;
  seq?: number;
  serverMsgId?: string;
  /** The server refused it (an error code name), so it was never acknowledged. */
  refused?: string;
}

/** One message as a client's app saw it (the `messages` event, or a room handle's `message`). */
export interface Seen {
  seq: number;
  clientMsgId: string;
  serverMsgId: string;
  senderId: string;
  at: number;
}

/** A closed-open time interval; `end` is Infinity while it lasts. */
export interface Interval {
  start: number;
  end: number;
}

const NOW_OPEN = Number.POSITIVE_INFINITY;

/** Open intervals per key, closed on demand. */
class Timeline {
  readonly #byKey = new Map<string, Interval[]>();

  open(key: string, at: number): void {
    const list = this.#byKey.get(key) ?? [];
    const last = list[list.length - 1];
    if (last && last.end === NOW_OPEN) return;
    list.push({ start: at, end: NOW_OPEN });
    this.#byKey.set(key, list);
  }

  close(key: string, at: number): void {
    const last = this.#byKey.get(key)?.at(-1);
    if (last && last.end === NOW_OPEN) last.end = at;
  }

  /** Whether one interval of `key` holds all of [from, to]. */
  covers(key: string, from: number, to: number): boolean {
    return (this.#byKey.get(key) ?? []).some((i) => i.start <= from && i.end >= to);
  }

  count(key: string): number {
    return this.#byKey.get(key)?.length ?? 0;
  }
}

export class Ledger {
  readonly convs = new Map<string, ConvSpec>();
  readonly sends = new Map<string, SendRecord>();
  /** receiver → conversation key → what the app saw, in order. */
  readonly seen = new Map<string, Map<string, Seen[]>>();
  /** Sessions ready, per user. */
  readonly ready = new Timeline();
  /** Room handles active, per `user room`. */
  readonly inRoom = new Timeline();
  /** Server-side faults under way (node or server down, bus down), with their kind. */
  readonly outages: Array<Interval & { kind: string }> = [];
  /** Things that must never happen, whatever the checker finds (kicks, phantom messages). */
  readonly incidents: string[] = [];
  /** When the ledger began: times in reports are relative to it. */
  readonly t0 = Date.now();
  /** Per user, what happened to its link and rooms (for explaining a failure). */
  readonly #notes = new Map<string, string[]>();
  readonly #next = new Map<string, number>();

  /** Milliseconds since the ledger began. */
  rel(at: number): number {
    return at - this.t0;
  }

  note(userId: string, what: string): void {
    const list = this.#notes.get(userId) ?? [];
    list.push(`${this.rel(Date.now())} ${what}`);
    this.#notes.set(userId, list);
  }

  notes(userId: string): readonly string[] {
    return this.#notes.get(userId) ?? [];
  }

  addConv(spec: ConvSpec): void {
    this.convs.set(spec.key, spec);
  }

  /** Records a send about to be made and returns its record. */
  send(conv: ConvSpec, senderId: string, clientMsgId: string): SendRecord {
    const counter = `${conv.key} ${senderId}`;
    const index = this.#next.get(counter) ?? 0;
    this.#next.set(counter, index + 1);
    const record: SendRecord = { conv: conv.key, kind: conv.kind, senderId, clientMsgId, index, sentAt: Date.now() };
    this.sends.set(clientMsgId, record);
    return record;
  }

  saw(receiverId: string, conv: string, entry: Omit<Seen, 'at'>): void {
    let byConv = this.seen.get(receiverId);
    if (!byConv) {
      byConv = new Map();
      this.seen.set(receiverId, byConv);
    }
    const list = byConv.get(conv) ?? [];
    list.push({ ...entry, at: Date.now() });
    byConv.set(conv, list);
  }

  seenBy(receiverId: string, conv: string): readonly Seen[] {
    return this.seen.get(receiverId)?.get(conv) ?? [];
  }

  outageStart(kind: string): void {
    this.outages.push({ kind, start: Date.now(), end: NOW_OPEN });
  }

  outageEnd(kind: string): void {
    const open = [...this.outages].reverse().find((o) => o.kind === kind && o.end === NOW_OPEN);
    if (open) open.end = Date.now();
  }
}

/** The conversation key of a C2C pair, the same from both sides. */
export const pairKey = (a: string, b: string) => `c2c:${[a, b].sort().join('+')}`;
