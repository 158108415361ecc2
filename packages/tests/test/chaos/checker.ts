/**
 * The checker of the chaos test: per conversation, what the server promised against what each
 * member's app saw.
 *
 * C2C and groups (stored logs, CAPABILITIES.md §4.1, §4.8–§4.9): every message acknowledged to
 * its sender reaches every other member exactly once; each member sees the log's entries in
 * strictly increasing seq order, and the seqs it holds (what it saw plus its own acknowledged
 * sends) run without a gap from the first it saw to the last entry of the log. The server never
 * refuses these sends, and none stays unanswered once the faults are over.
 *
 * Live rooms (no history, §1.9): delivery is live only. A member that holds the room and a ready
 * session from the moment a message is sent until `graceMs` after it was acknowledged must see
 * it; a member that was away, reconnecting, or out of the room (evicted after a server restart
 * or node death, until it enters again) may miss it. A message whose window meets a bus outage
 * (Redis down, plus `outageSettleMs` for the nodes to resubscribe) is excused too: room pushes
 * between nodes travel only on the bus, and a room has no log to catch up from. Whatever a member
 * does see, it sees at most once, and each sender's messages in the order they were sent.
 */
import type { Kind, Ledger, Seen, SendRecord } from './ledger.js';

export interface CheckOptions {
  /** How long after the acknowledgement a room member must stay to be owed the message. */
  graceMs: number;
  /** How long after a bus outage ends room deliveries between nodes are excused. */
  outageSettleMs: number;
}

/** The figures of one conversation kind. */
export interface KindReport {
  conversations: number;
  sent: number;
  acknowledged: number;
  refused: number;
  /** Neither acknowledged nor refused when the check ran. */
  unsettled: number;
  /** (message, member) pairs owed: acknowledged messages times the members owed each one. */
  owed: number;
  /** Owed pairs seen exactly once. */
  delivered: number;
  lost: number;
  duplicated: number;
  outOfOrder: number;
  gaps: number;
  /** Rooms: acknowledged messages seen by members not owed them (they were there after all). */
  bonus: number;
  /** Rooms: pairs not owed and not seen (the member was away, out of the room, or the bus was down). */
  excused: number;
}

export interface Report {
  kinds: Record<Kind, KindReport>;
  /** Refusal codes, per kind. */
  refusals: Record<Kind, Record<string, number>>;
  /** Every violation, described (lost, duplicated, out of order, gaps, conflicts, incidents). */
  problems: string[];
  /** What happened around the problems (links, rooms, outages), for the one who reads them. */
  details: string[];
}

const blank = (): KindReport => ({ conversations: 0, sent: 0, acknowledged: 0, refused: 0, unsettled: 0, owed: 0, delivered: 0, lost: 0, duplicated: 0, outOfOrder: 0, gaps: 0, bonus: 0, excused: 0 });

/** Whether the ledger shows no loss, duplicate, disorder, gap or incident. */
export const clean = (report: Report) => report.problems.length === 0;

export function check(ledger: Ledger, options: CheckOptions): Report {
  const kinds: Record<Kind, KindReport> = { c2c: blank(), group: blank(), room: blank() };
  const refusals: Record<Kind, Record<string, number>> = { c2c: {}, group: {}, room: {} };
  const problems: string[] = [...ledger.incidents];
  const byConv = new Map<string, SendRecord[]>();
  for (const send of ledger.sends.values()) {
    const list = byConv.get(send.conv) ?? [];
    list.push(send);
    byConv.set(send.conv, list);
    const k = kinds[send.kind];
    k.sent++;
    if (send.seq !== undefined) k.acknowledged++;
    else if (send.refused) {
      k.refused++;
      refusals[send.kind][send.refused] = (refusals[send.kind][send.refused] ?? 0) + 1;
      if (send.kind !== 'room') problems.push(`${send.conv}: ${send.senderId}'s message ${send.index} refused (${send.refused})`);
    } else {
      k.unsettled++;
      problems.push(`${send.conv}: ${send.senderId}'s message ${send.index} never answered (sent at ${ledger.rel(send.sentAt)} ms)`);
    }
  }
  for (const conv of ledger.convs.values()) {
    kinds[conv.kind].conversations++;
    const sends = byConv.get(conv.key) ?? [];
    if (conv.kind === 'room') checkRoom(ledger, conv.key, conv.members, sends, options, kinds.room, problems);
    else checkLog(ledger, conv.key, conv.members, sends, kinds[conv.kind], problems);
  }
  const details = ledger.outages.map((o) => `${o.kind} from ${ledger.rel(o.start)} to ${ledger.rel(o.end)} ms`);
  const named = new Set<string>();
  for (const problem of problems) for (const user of problem.match(/\bchaos-\d+/g) ?? []) named.add(user);
  for (const user of [...named].slice(0, 6)) details.push(`${user}: ${ledger.notes(user).slice(-60).join('; ')}`);
  return { kinds, refusals, problems, details };
}

/** A stored conversation (C2C or group). */
function checkLog(ledger: Ledger, conv: string, members: readonly string[], sends: readonly SendRecord[], k: KindReport, problems: string[]): void {
  const acked = sends.filter((s) => s.seq !== undefined);
  // One entry per seq, whoever reports it: a conflict means two messages were given one seq.
  const atSeq = new Map<number, string>();
  const claim = (seq: number, serverMsgId: string, who: string) => {
    const held = atSeq.get(seq);
    if (held === undefined) atSeq.set(seq, serverMsgId);
    else if (held !== serverMsgId) problems.push(`${conv}: seq ${seq} is ${held} and ${serverMsgId} (seen by ${who})`);
  };
  for (const s of acked) claim(s.seq as number, s.serverMsgId ?? '', s.senderId);
  for (const member of members) for (const seen of ledger.seenBy(member, conv)) claim(seen.seq, seen.serverMsgId, member);
  const top = Math.max(0, ...atSeq.keys());

  for (const member of members) {
    const seen = ledger.seenBy(member, conv);
    let previous = 0;
    const counts = new Map<string, number>();
    const seqsOf = new Map<string, Set<number>>();
    for (const entry of seen) {
      if (entry.seq <= previous) {
        if (entry.seq < previous) {
          k.outOfOrder++;
          problems.push(`${conv}: ${member} saw seq ${entry.seq} after ${previous}`);
        }
        // Equal seqs are a duplicate, counted below.
      }
      previous = Math.max(previous, entry.seq);
      if (!entry.clientMsgId) continue;
      counts.set(entry.clientMsgId, (counts.get(entry.clientMsgId) ?? 0) + 1);
      const seqs = seqsOf.get(entry.clientMsgId) ?? new Set<number>();
      seqs.add(entry.seq);
      seqsOf.set(entry.clientMsgId, seqs);
    }
    // The seqs this member holds: what it saw and what it sent (own sends come back as acknowledgements).
    const held = new Set(seen.map((e) => e.seq));
    for (const s of acked) if (s.senderId === member) held.add(s.seq as number);
    const first = Math.min(...held);
    const missing: number[] = [];
    for (let seq = first; seq <= top; seq++) if (!held.has(seq)) missing.push(seq);
    if (held.size > 0 && missing.length > 0) {
      k.gaps += missing.length;
      problems.push(`${conv}: ${member} holds seqs ${first}..${top} but for ${summarize(missing)}`);
    }
    for (const s of acked) {
      if (s.senderId === member) continue;
      k.owed++;
      const n = counts.get(s.clientMsgId) ?? 0;
      if (n === 0) {
        k.lost++;
        problems.push(`${conv}: ${member} never saw ${s.senderId}'s message ${s.index} (seq ${s.seq}, acknowledged at ${ledger.rel(s.ackedAt ?? 0)} ms)`);
      } else {
        k.delivered++;
        const seqs = [...(seqsOf.get(s.clientMsgId) ?? [])];
        if (n > 1) {
          k.duplicated += n - 1;
          problems.push(`${conv}: ${member} saw ${s.senderId}'s message ${s.index} ${n} times (seqs ${seqs.join(', ')}; acknowledged as ${s.seq})`);
        } else if (seqs[0] !== s.seq) {
          problems.push(`${conv}: ${member} saw ${s.senderId}'s message ${s.index} at seq ${seqs[0]}, acknowledged as ${s.seq}`);
        }
      }
    }
  }
}

/** A live room: owed to those present throughout, at most once to anyone, in each sender's order. */
function checkRoom(ledger: Ledger, roomId: string, members: readonly string[], sends: readonly SendRecord[], options: CheckOptions, k: KindReport, problems: string[]): void {
  const busDown = ledger.outages.filter((o) => o.kind === 'restartRedis');
  for (const member of members) {
    const seen = ledger.seenBy(member, roomId);
    const counts = new Map<string, number>();
    const lastIndex = new Map<string, number>();
    for (const entry of seen) {
      counts.set(entry.clientMsgId, (counts.get(entry.clientMsgId) ?? 0) + 1);
      const send = ledger.sends.get(entry.clientMsgId);
      if (!send || send.conv !== roomId) {
        problems.push(`${roomId}: ${member} saw a message nobody sent to this room (${describe(entry)})`);
        continue;
      }
      const before = lastIndex.get(send.senderId) ?? -1;
      if (send.index < before) {
        k.outOfOrder++;
        problems.push(`${roomId}: ${member} saw ${send.senderId}'s message ${send.index} after ${before}`);
      }
      lastIndex.set(send.senderId, Math.max(before, send.index));
    }
    for (const [clientMsgId, n] of counts) {
      if (n < 2) continue;
      const send = ledger.sends.get(clientMsgId);
      k.duplicated += n - 1;
      problems.push(`${roomId}: ${member} saw ${send?.senderId}'s message ${send?.index} ${n} times (acknowledged: ${send?.ackedAt !== undefined})`);
    }
    for (const s of sends) {
      if (s.senderId === member || s.ackedAt === undefined) continue;
      const from = s.sentAt;
      const to = s.ackedAt + options.graceMs;
      const owed =
        ledger.ready.covers(member, from, to) &&
        ledger.inRoom.covers(`${member} ${roomId}`, from, to) &&
        !busDown.some((o) => o.start <= to && o.end + options.outageSettleMs >= from);
      const n = counts.get(s.clientMsgId) ?? 0;
      if (!owed) {
        if (n > 0) k.bonus++;
        else k.excused++;
        continue;
      }
      k.owed++;
      if (n === 0) {
        k.lost++;
        problems.push(`${roomId}: ${member} was present from ${ledger.rel(from)} to ${ledger.rel(to)} ms but never saw ${s.senderId}'s message ${s.index}`);
      } else k.delivered++;
    }
  }
}

function describe(entry: Seen): string {
  return `from ${entry.senderId}, client id ${entry.clientMsgId}`;
}

function summarize(seqs: readonly number[]): string {
  return seqs.length > 8 ? `${seqs.slice(0, 8).join(', ')} … (${seqs.length})` : seqs.join(', ');
}

/** The figures as a table, one row per kind. */
export function formatReport(title: string, report: Report): string {
  const rows = (['c2c', 'group', 'room'] as const).map((kind) => {
    const r = report.kinds[kind];
    const refused = Object.entries(report.refusals[kind])
      .map(([code, n]) => `${code} ${n}`)
      .join(', ');
    const room = kind === 'room' ? `, not owed: ${r.bonus} seen anyway, ${r.excused} missed` : '';
    return `  ${kind.padEnd(5)} ${r.conversations} convs: sent ${r.sent}, acknowledged ${r.acknowledged}, refused ${r.refused}${refused ? ` (${refused})` : ''}, unsettled ${r.unsettled}; delivered ${r.delivered}/${r.owed} owed, lost = ${r.lost}, duplicated = ${r.duplicated}, out of order ${r.outOfOrder}, gaps ${r.gaps}${room}`;
  });
  const problems = report.problems.length
    ? `\n  problems (${report.problems.length}):\n${report.problems.slice(0, 40).map((p) => `    ${p}`).join('\n')}\n  around them:\n${report.details.map((d) => `    ${d}`).join('\n')}`
    : '';
  return `${title}\n${rows.join('\n')}${problems}`;
}
