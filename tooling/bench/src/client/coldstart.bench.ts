// Cold start in Chromium: a user's IndexedDB cache holds C conversations and C × P messages in
// the client's layout (written directly through the adapter). Each round loads the page anew,
// then times `createClient` + `login` with the server unreachable (only the cache can answer)
// until `hydrated`, with the conversation list read and every row's last message present.
// Baseline, in fresh page loads of the same run: opening the database and `getAll` of the
// conversation records. Rounds alternate which contender goes first; medians are reported.
import { createServer } from 'node:net';
import { fmt, table } from '../harness.js';
import type { BenchBrowser } from './browser.js';
import type { ClientBenchOptions, ClientBenchResult } from './options.js';
import type { BenchPage, ColdStartResult, RawResult } from './page.js';

/** Parley's median must stay under this. */
const TARGET_MS = 150;
const APP = 'cbench';
const USER = 'cold-user';

type Bench = { bench: BenchPage };

/** A WebSocket URL nothing listens on: a port that was free a moment ago. */
async function unreachableUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `ws://127.0.0.1:${port}/parley/ws`;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

export async function runColdStartBench(browser: BenchBrowser, options: ClientBenchOptions, progress: (line: string) => void): Promise<ClientBenchResult> {
  const { coldConvs: convs, coldPerConv: perConv, coldRounds: rounds } = options;
  const page = browser.page;
  progress(`  writing ${fmt(convs)} conversations and ${fmt(convs * perConv)} messages into IndexedDB…`);
  const seeded = await page.evaluate(([a, u, c, p]) => (window as unknown as Bench).bench.seed(a, u, c, p), [APP, USER, convs, perConv] as const);
  const url = await unreachableUrl();

  const parley: ColdStartResult[] = [];
  const raw: RawResult[] = [];
  const runParley = async () => {
    await browser.reload();
    parley.push(await page.evaluate(([u, a, user]) => (window as unknown as Bench).bench.coldStart(u, a, user), [url, APP, USER] as const));
  };
  const runRaw = async () => {
    await browser.reload();
    raw.push(await page.evaluate(([a, user]) => (window as unknown as Bench).bench.rawConversations(a, user), [APP, USER] as const));
  };
  // One unmeasured load of each first: the browser's first open of the database pays for file setup.
  await runParley();
  await runRaw();
  parley.length = 0;
  raw.length = 0;
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) {
      await runParley();
      await runRaw();
    } else {
      await runRaw();
      await runParley();
    }
  }

  const parleyMs = median(parley.map((p) => p.ms));
  const rawMs = median(raw.map((p) => p.ms));
  const complete = parley.every((p) => p.rows === convs && p.rowsWithLast === convs && p.state !== 'ready') && raw.every((p) => p.records === convs);
  const pass = complete && parleyMs < TARGET_MS;
  const quick = options.quick ? ' (QUICK: reduced sizes)' : '';
  const spread = (values: number[]) => `${fmt(Math.min(...values))}–${fmt(Math.max(...values))} ms`;
  const markdown = [
    `## Client: cold start from IndexedDB in Chromium${quick}`,
    '',
    `Cache of one user: ${fmt(convs)} conversations, ${fmt(convs * perConv)} messages (${fmt(seeded.records)} records, written in ${fmt(seeded.ms / 1000, 1)} s). The server is unreachable, so only the cache answers. Every measurement runs in a freshly loaded page; ${rounds} rounds per contender, alternating which goes first, median shown.`,
    'Parley: `createClient` + `login` until `hydrated`, then `conversations()` read and every row checked for its last message. Baseline: open the same database and `getAll` the conversation records.',
    '',
    table(
      ['', 'median', 'spread', 'notes'],
      [
        ['Parley createClient + login → hydrated', `${fmt(parleyMs, 1)} ms`, spread(parley.map((p) => p.ms)), `rows ${parley.map((p) => p.rows).join('/')}, with last message ${parley.map((p) => p.rowsWithLast).join('/')}; target < ${TARGET_MS} ms`],
        ['raw IndexedDB open + getAll', `${fmt(rawMs, 1)} ms`, spread(raw.map((p) => p.ms)), `${fmt(raw[0]?.records ?? 0)} records`],
        ['ratio raw ÷ Parley', fmt(rawMs / parleyMs, 2), '', ''],
      ],
    ),
  ].join('\n');
  const summary = `client cold start: ${fmt(convs)} conversations from IndexedDB in ${fmt(parleyMs, 1)} ms (raw getAll ${fmt(rawMs, 1)} ms, ratio ${fmt(rawMs / parleyMs, 2)}; target < ${TARGET_MS} ms)${complete ? '' : ', INCOMPLETE'}${quick}: ${pass ? 'target met' : 'TARGET MISSED'}`;
  return { markdown, summary, pass };
}
