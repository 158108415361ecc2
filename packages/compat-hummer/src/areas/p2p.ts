import type { Client, Message } from '@parley/core';
import { LOGLEVEL } from '../constants.js';
import type { Wiring } from '../core.js';
import { onDemand } from '../lazy.js';
import { receivedOf } from './messages.js';


/** Whether an entry is a one-to-one message from someone else that the app should see. */
function incoming(client: Client, convId: string, m: Message): boolean {
  return convId.startsWith('c2c:') && m.senderId !== client.userId && !m.hidden && !m.deletedForSelf && m.status === 'sent';
}

/** One conversation of the first sync after login. */
interface Pulled {
  /** The server's `deliveredSeq` before this login: entries past it were never delivered. */
  floor: number;
  /** The lowest seq the sync pulled. */
  oldest: number;
}

/**
 * `P2PMessageReceived {opUid, message, appExtras}` from the session's one-to-one messages, own
 * sends excluded. The first sync after login brings the newest entries of every conversation:
 * only those past the server's `deliveredSeq` (stored while the user was away) are delivered,
 * once, in time order, after the sync (older ones the prefetch missed are read back first).
 * Afterwards every new message is delivered as it arrives.
 */
export const p2pWiring: Wiring = (core, client) => {
  let first = true;
  let syncing = false;
  let stopped = false;
  const pulled = new Map<string, Pulled>();
  let batch: Message[] = [];
  // Emissions stay in order: the login batch first, then what arrived meanwhile.
  let chain: Promise<void> = Promise.resolve();
  const emit = (messages: readonly Message[]) => {
    if (messages.length === 0) return;
    chain = chain.then(() => {
      for (const m of messages) if (!stopped) core.events.emit('P2PMessageReceived', receivedOf(m));
    });
  };

  const collect = (convId: string, messages: Message[]) => {
    let conv = pulled.get(convId);
    if (!conv) {
      // Read before the core acknowledges what it pulled (its acks go out when the sync ends).
      conv = { floor: Number(client.conversation(convId)?.deliveredSeq ?? 0), oldest: Number.POSITIVE_INFINITY };
      pulled.set(convId, conv);
    }
    for (const m of messages) {
      if (m.seq > 0) conv.oldest = Math.min(conv.oldest, m.seq);
      if (incoming(client, convId, m) && (m.seq === 0 || m.seq > conv.floor)) batch.push(m);
    }
  };

  const flush = () => {
    const convs = [...pulled];
    const collected = batch;
    pulled.clear();
    batch = [];
    chain = chain.then(async () => {
      const older: Message[] = [];
      for (const [convId, conv] of convs) {
        if (!Number.isFinite(conv.oldest) || conv.oldest <= conv.floor + 1) continue;
        // Rarely needed (more offline messages than the login prefetch holds): loaded when it is.
        const read = await onDemand
          .load()
          .then((later) => later.readBack(client, convId, conv.floor, conv.oldest))
          .catch((error: unknown) => {
            core.log(LOGLEVEL.WARN, 'offline P2P messages not read back', convId, error);
            return [];
          });
        older.push(...read.filter((m) => incoming(client, convId, m)));
      }
      const all = [...older, ...collected].sort((a, b) => a.time - b.time || a.seq - b.seq);
      // The sync ends just before `login` resolves: let the code after `await login()` subscribe first.
      await new Promise((resolve) => setTimeout(resolve, 0));
      for (const m of all) if (!stopped) core.events.emit('P2PMessageReceived', receivedOf(m));
    });
  };

  const offs = [
    client.on('syncStart', () => {
      if (first) syncing = true;
    }),
    client.on('messages', (convId: string, messages: Message[]) => {
      if (!convId.startsWith('c2c:')) return;
      if (syncing) collect(convId, messages);
      else emit(messages.filter((m) => incoming(client, convId, m)));
    }),
    client.on('syncEnd', () => {
      if (!syncing) return;
      // A sync that failed keeps collecting into the next one; the batch goes when one ends.
      syncing = false;
      first = false;
      flush();
    }),
  ];
  return () => {
    stopped = true;
    for (const off of offs) off();
  };
};
