import { type Client, chatOf, createText, type Message } from '@parley/core';
import { LOGLEVEL } from '../constants.js';
import type { HummerCore, Result, Wiring } from '../core.js';
import { paramError } from '../errors.js';
import { extrasToWire, receivedOf, textOf } from './messages.js';
import { paramsOf, stringMap } from './params.js';

/** Entries per history page when older offline messages are read back. */
const HISTORY_PAGE = 100;

/**
 * `hummer.sendP2PMessage({receiver | recevier | uid, message, options: {isOffline}, appExtras})`:
 * a one-to-one text outside any room. The receiver may be named by any of the three spellings
 * the vendor's docs use (`receiver` first, then `recevier` (sic), then `uid`). `isOffline: true`
 * stores the message for the receiver's next login; otherwise only sessions online now get it,
 * and sending to a user who is offline still succeeds.
 */
export function sendP2PMessage(core: HummerCore, input: unknown): Promise<Result> {
  return core.call('sendP2PMessage', async () => {
    const p = paramsOf(input);
    const receiver = [p.receiver, p.recevier, p.uid].find((v) => v !== undefined && v !== null && v !== '');
    if (typeof receiver !== 'string') throw paramError('receiver must be a non-empty string (a uid)');
    const content = textOf(p.message);
    const options = paramsOf(p.options);
    const appExtras = stringMap(p.appExtras, 'appExtras');
    const client = core.client;
    await client.send({
      convId: `c2c:${receiver}`,
      ...createText(content),
      ...(Object.keys(appExtras).length > 0 ? { extras: extrasToWire(appExtras) } : {}),
      ...(options.isOffline === true ? {} : { flags: { onlineOnly: true } }),
    });
    return { appid: core.appid, uid: core.uid };
  });
}

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

/** Stored entries of a conversation in `(floor, before)`: offline messages older than the login prefetch reached. */
async function readBack(client: Client, convId: string, floor: number, before: number): Promise<Message[]> {
  const found: Message[] = [];
  let after = floor;
  while (after + 1 < before) {
    const page = await chatOf(client).history(convId, { direction: 'newer', limit: HISTORY_PAGE, ...(after > 0 ? { anchor: { convId, seq: after } } : {}) });
    const fresh = page.messages.filter((m) => m.seq > after && m.seq < before);
    found.push(...fresh);
    const last = page.messages[page.messages.length - 1]?.seq ?? after;
    if (!page.hasMore || last <= after || last >= before) break;
    after = last;
  }
  return found;
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
        const read = await readBack(client, convId, conv.floor, conv.oldest).catch((error: unknown) => {
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
