// Reconnect ingest in Chromium: a synced client with N conversations is cut off, M messages
// arrive for it across those conversations, and it reconnects. Measured in the page: from the
// network coming back to `syncEnd` with every write flushed to IndexedDB. Baseline in the same
// page and round: one readwrite transaction putting the same records (the client's own message
// objects, structured-cloned) into a fresh database. Several rounds; medians are reported.
import { fmt, table } from '../harness.js';
import type { BenchBrowser } from './browser.js';
import type { ClientBenchOptions, ClientBenchResult } from './options.js';
import type { BenchPage, RawResult, ReconnectResult } from './page.js';
import { startBenchServer } from './server.js';

/** raw ÷ Parley at or above this meets the target. */
const TARGET_RATIO = 0.6;

type Bench = { bench: BenchPage };

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

export async function runReconnectBench(browser: BenchBrowser, options: ClientBenchOptions, progress: (line: string) => void): Promise<ClientBenchResult> {
  const { reconnectConvs: convs, reconnectMessages: total, reconnectRounds: rounds } = options;
  const perConv = Math.ceil(total / convs);
  const server = await startBenchServer();
  const page = browser.page;
  try {
    const me = 'reader';
    const peers = Array.from({ length: convs }, (_, i) => `p${String(i).padStart(3, '0')}`);
    const convIds = peers.map((p) => `c2c:${p}`);
    await server.createUsers([me, ...peers]);
    const senders = await server.senders(peers);
    await senders.sendAll(peers.map((from) => ({ from, convId: `c2c:${me}`, text: `hello from ${from}` })));
    const session = { url: server.wsUrl, appId: 'cbench', userId: me, token: await server.token(me) };
    const rows = await page.evaluate((o) => (window as unknown as Bench).bench.startSession(o), session);
    if (rows !== convs) throw new Error(`the client synced ${rows} conversations, expected ${convs}`);

    const parley: ReconnectResult[] = [];
    const raw: RawResult[] = [];
    const sendSeconds: number[] = [];
    let head = 1;
    // Round 0 is a smaller, unmeasured warm-up (JIT, IndexedDB files), then the measured rounds.
    const warmPerConv = Math.max(1, Math.floor(perConv / 10));
    for (let round = 0; round <= rounds; round++) {
      const count = round === 0 ? warmPerConv : perConv;
      await page.evaluate(() => (window as unknown as Bench).bench.goOffline());
      progress(round === 0 ? `  warm-up: ${fmt(convs * count)} messages, reconnect…` : `  round ${round}/${rounds}: ${fmt(convs * count)} messages to the offline client, then reconnect…`);
      const sends: Array<{ from: string; convId: string; text: string }> = [];
      for (let n = 0; n < count; n++) for (const from of peers) sends.push({ from, convId: `c2c:${me}`, text: `message ${head + n + 1} from ${from}: while you were away` });
      const sendStart = performance.now();
      await senders.sendAll(sends);
      const sendMs = performance.now() - sendStart;
      const before = head;
      head += count;
      const result = await page.evaluate(([ids, h]) => (window as unknown as Bench).bench.reconnect(ids, h), [convIds, head] as const);
      const baseline = await page.evaluate(([ids, from, name]) => (window as unknown as Bench).bench.rawBulkPut(ids, from, name), [convIds, before, `bench-raw-${round}`] as const);
      if (round === 0) continue;
      sendSeconds.push(sendMs / 1000);
      parley.push(result);
      raw.push(baseline);
    }
    await senders.close();
    const stored = await page.evaluate(([app, user]) => (window as unknown as Bench).bench.storedMessages(app, user), ['cbench', me] as const);
    await page.evaluate(() => (window as unknown as Bench).bench.closeSession());

    const expectedStored = convs * head;
    const complete = stored === expectedStored && raw.every((r) => r.records === convs * perConv);
    const parleyMs = median(parley.map((p) => p.totalMs));
    const rawMs = median(raw.map((r) => r.ms));
    const ratio = rawMs / parleyMs;
    const pass = complete && ratio >= TARGET_RATIO;
    const quick = options.quick ? ' (QUICK: reduced sizes)' : '';
    const list = (values: number[]) => values.map((v) => fmt(v)).join(' / ');
    const markdown = [
      `## Client: reconnect ingest in Chromium${quick}`,
      '',
      `A page client (IndexedDB cache, ${browser.codec} codec) synced with ${fmt(convs)} conversations is cut off; ${fmt(convs * perConv)} messages arrive for it (${fmt(perConv)} per conversation, sent by ${fmt(convs)} Node clients in ${sendSeconds.map((s) => fmt(s, 1)).join(' / ')} s); then it reconnects. One unmeasured warm-up round (${fmt(Math.max(1, Math.floor(perConv / 10)))} per conversation), then ${rounds} measured round${rounds === 1 ? '' : 's'}, median shown.`,
      'Parley: from the network coming back to `syncEnd`, with every write flushed to IndexedDB. Baseline: the same message records, taken from the client afterwards and structured-cloned, put into a fresh database in one readwrite transaction (durability `relaxed`, as the adapter uses).',
      '',
      table(
        ['', 'median', 'rounds', 'notes'],
        [
          ['Parley reconnect → syncEnd + flushed', `${fmt(parleyMs)} ms`, `${list(parley.map((p) => p.totalMs))} ms`, `syncStart at ${list(parley.map((p) => p.syncStartMs))} ms, syncEnd at ${list(parley.map((p) => p.syncEndMs))} ms`],
          ['raw IndexedDB bulk put', `${fmt(rawMs)} ms`, `${list(raw.map((r) => r.ms))} ms`, `${fmt(raw[0]?.records ?? 0)} records, one transaction`],
          ['ratio raw ÷ Parley', fmt(ratio, 2), '', `target ≥ ${TARGET_RATIO}`],
          ['message records in the client database', fmt(stored), '', `expected ${fmt(expectedStored)}`],
        ],
      ),
      '',
      `Requests of the client per reconnect: ${parley.map((p) => Object.entries(p.requests).map(([op, n]) => `${op} × ${n}`).join(', ')).join(' / ')}.`,
    ].join('\n');
    const summary = `client reconnect: ${fmt(convs * perConv)} messages ingested in ${fmt(parleyMs)} ms (raw IndexedDB put ${fmt(rawMs)} ms, ratio ${fmt(ratio, 2)}, target ≥ ${TARGET_RATIO})${complete ? '' : ', INCOMPLETE'}${quick}: ${pass ? 'target met' : 'TARGET MISSED'}`;
    return { markdown, summary, pass };
  } finally {
    await server.close();
  }
}
