// The Markdown report and summary line of fanout.bench.ts (runFanoutBench): per room size the
// servers' figures, Parley's four targets, what bounded each run, and the exactly-once check.
import { cpus } from 'node:os';
import { describeMachine, ms, pct } from './common.js';
import type { FanoutBenchOptions, FanoutBenchResult } from './fanout.bench.js';
import { LABELS, PAYLOAD_BYTES, ROOM_ID } from './fanout-drivers.js';
import type { FanoutVerdict, RateWindow, Window } from './fanout-load.js';
import { fmt, table } from './harness.js';
import { DRAIN_TIMEOUT_MS } from './phases.js';
import type { FanoutMode } from './scripts/fanout-child.js';

/** The resolved options of {@link runFanoutBench}. */
export type Settings = Required<Omit<FanoutBenchOptions, 'progress'>>;

/** One server's figures at one room size. */
export interface Run {
  mode: FanoutMode;
  setupSeconds: number;
  saturation: Window;
  fixed: RateWindow;
  verdict: FanoutVerdict;
  dropped: number;
  problems: string[];
}

/** Everything in a verdict that is not exactly-once delivery: 0 means a clean run. */
const problemsOf = (run: Run) => {
  const v = run.verdict;
  return v.missed + v.duplicates + v.errors + v.stray + v.closed + v.undrained + run.dropped;
};

/** One of Parley's targets at one room size. */
interface Target {
  label: string;
  /** Parley's figure ÷ the other server's. */
  ratio: number;
  met: boolean;
  need: string;
}

/** The issue's four targets at one room size; missing servers make a target n/a (missed). */
function targetsOf(runs: Run[]): Target[] {
  const by = (mode: FanoutMode) => runs.find((run) => run.mode === mode);
  const parley = by('parley');
  const ratio = (other: Run | undefined, pick: (run: Run) => number) => (parley && other ? pick(parley) / pick(other) : Number.NaN);
  const throughput = (run: Run) => run.saturation.perSec;
  const cpu = (run: Run) => run.saturation.cpuUsPerDelivery;
  const target = (label: string, value: number, need: string, met: (r: number) => boolean): Target => ({ label, ratio: value, need, met: Number.isFinite(value) && met(value) });
  return [
    target('throughput ÷ raw ws', ratio(by('raw'), throughput), '≥ 0.7', (r) => r >= 0.7),
    target('CPU per delivery ÷ raw ws', ratio(by('raw'), cpu), '≤ 1.3', (r) => r <= 1.3),
    target('throughput ÷ Socket.IO binary', ratio(by('socketio-binary'), throughput), '≥ 2', (r) => r >= 2),
    target('throughput ÷ Socket.IO JSON', ratio(by('socketio-json'), throughput), '≥ 1', (r) => r >= 1),
  ];
}

/** Which process bounded a saturation run. */
function limiter(run: Run): string {
  const { serverShare, genShare } = run.saturation;
  const name = LABELS[run.mode];
  if (genShare >= 0.9 && genShare >= serverShare) return `${name}: the load generator (${pct(genShare)} of a core; server ${pct(serverShare)})`;
  if (serverShare >= 0.9) return `${name}: the server (${pct(serverShare)} of a core; generator ${pct(genShare)})`;
  return `${name}: neither process alone (server ${pct(serverShare)}, generator ${pct(genShare)}), so the two competing for ${cpus().length} cores or the window`;
}

/** One sentence on a run's exactly-once check. */
function describe(run: Run): string {
  const v = run.verdict;
  const issues = [
    v.missed && `${fmt(v.missed)} missed`,
    v.duplicates && `${fmt(v.duplicates)} duplicates`,
    v.errors && `${fmt(v.errors)} send errors`,
    v.stray && `${fmt(v.stray)} stray frames`,
    v.closed && `${fmt(v.closed)} connections dropped`,
    v.undrained && `${fmt(v.undrained)} messages incomplete after the ${DRAIN_TIMEOUT_MS / 1000} s drain`,
    run.dropped && `${fmt(run.dropped)} frames dropped by the server`,
  ].filter(Boolean);
  return `${LABELS[run.mode]}: ${fmt(v.published)} messages, ${fmt(v.deliveries)} deliveries, ${issues.length ? `**${issues.join(', ')}**` : 'every subscriber got every message exactly once, in order'}`;
}

/** The section of one room size: figures, targets, details, limits and correctness. */
function sizeSection(size: number, runs: Run[]): { markdown: string; targets: Target[] } {
  const raw = runs.find((run) => run.mode === 'raw');
  const vsRaw = (run: Run, pick: (r: Run) => number) => (raw ? `${fmt(pick(run) / pick(raw), 2)}×` : 'n/a');
  const rows = runs.map((run) => [
    LABELS[run.mode],
    fmt(run.saturation.perSec),
    fmt(run.saturation.perSec / size, 1),
    fmt(run.saturation.cpuUsPerDelivery, 2),
    vsRaw(run, (r) => r.saturation.perSec),
    vsRaw(run, (r) => r.saturation.cpuUsPerDelivery),
    pct(run.saturation.serverShare),
    pct(run.saturation.genShare),
    `${fmt(run.fixed.rate, 1)} → ${fmt(run.fixed.perSec / size, 1)}${run.fixed.reached ? '' : ' (not reached)'}`,
    ms(run.fixed.p50),
    ms(run.fixed.p99),
    ms(run.fixed.max),
    pct(run.fixed.serverShare),
    pct(run.fixed.genShare),
  ]);
  const main = table(
    [
      'server',
      'deliveries/s (saturation)',
      'msgs/s',
      'server CPU µs / delivery',
      'throughput ÷ raw',
      'CPU / delivery ÷ raw',
      'server CPU (sat.)',
      'load-gen CPU (sat.)',
      'half-saturation rate: offered → delivered msg/s',
      'p50',
      'p99',
      'max',
      'server CPU (fixed)',
      'load-gen CPU (fixed)',
    ],
    rows,
  );
  const targets = targetsOf(runs);
  const targetTable = table(
    ['Parley target', 'needed', 'measured', 'verdict'],
    targets.map((t) => [t.label, t.need, Number.isFinite(t.ratio) ? fmt(t.ratio, 2) : 'n/a', t.met ? 'met' : '**MISSED**']),
  );
  const detail = table(
    ['server', 'setup', 'server RSS after run', 'server event-loop delay p99 (fixed rate)', 'latency samples', 'worst scheduler tick lateness'],
    runs.map((run) => [LABELS[run.mode], `${fmt(run.setupSeconds, 1)} s`, `${fmt(run.fixed.serverRss / 2 ** 20)} MiB`, ms(run.fixed.serverLoopP99Ms), fmt(run.fixed.samples), ms(run.fixed.maxTickLateMs)]),
  );
  const parley = runs.find((run) => run.mode === 'parley');
  const markdown = [
    `#### ${fmt(size)} subscribers`,
    '',
    main,
    '',
    targetTable,
    '',
    detail,
    '',
    `- **Bounded by** (saturation): ${runs.map(limiter).join('; ')}.`,
    `- **Correctness**: ${runs.map(describe).join('. ')}.`,
    parley?.problems.length ? `- **Parley log** (warn and above): ${fmt(parley.problems.length)} lines, first: \`${parley.problems[0]!.slice(0, 300)}\`` : '',
  ]
    .filter((line, i, all) => line !== '' || all[i - 1] !== '')
    .join('\n');
  return { markdown, targets };
}

/** The Markdown section and summary line of one fan-out benchmark run. */
export function fanoutReport(o: Settings, results: Map<number, Run[]>, seconds: number): FanoutBenchResult {
  const sections: string[] = [];
  const allTargets: Target[] = [];
  let problems = 0;
  for (const [size, runs] of results) {
    const { markdown, targets } = sizeSection(size, runs);
    sections.push(markdown);
    allTargets.push(...targets);
    for (const run of runs) problems += problemsOf(run);
  }
  const met = allTargets.filter((t) => t.met).length;
  const pass = met === allTargets.length && problems === 0;
  const markdown = [
    '### Server: room fan-out',
    '',
    `One room, one publisher and ${[...results.keys()].map((n) => fmt(n)).join(' or ')} subscribers, against: a raw \`ws\` server that frames each published message once and writes that one frame to every subscriber's socket (the practical limit); Parley (\`startServer\` on SQLite, a live room, protobuf; msg.send to \`room:${ROOM_ID}\`, \`message\` pushes); and Socket.IO 4 (WebSocket transport only, \`socket.to(room).emit\`) with a ${PAYLOAD_BYTES}-byte Buffer and with a JSON object of about as many bytes. Each server runs alone in a child process; all clients are in this process.`,
    `Machine: ${describeMachine()}. Whole benchmark: ${fmt(seconds)} s.`,
    '',
    `- **Saturation**: the publisher keeps ${o.window} messages in flight; a message is complete when every subscriber has it. ${o.warmupMs / 1000} s ramp-up, ${o.saturationMs / 1000} s measured. Deliveries (one message to one subscriber) are counted at the subscribers; server CPU per delivery is the server process's process.cpuUsage() over the window ÷ deliveries.`,
    `- **Latency**: open loop at half of each server's own saturation (messages/s; the issue's "at half of saturation", so each server runs at its own rate), ${o.rateWarmupMs / 1000} s lead-in, ${o.rateMs / 1000} s measured; p50/p99/max over every delivery of the messages published in the window, publish time (in the payload) to receive time, both on this process's clock. The last subscriber to be served waits for the server to write to all the others and for the load generator to read them: at 5,000 subscribers that queueing is most of the latency.`,
    '- **Load generator**: its CPU share is printed per phase (100 % = one core). The generator decodes every delivery (Parley: every `message` push in full; room_presence and room_count pushes are skipped by their first bytes), so a phase where it is near 100 % measured the generator as much as the server.',
    '',
    ...sections.flatMap((section) => [section, '']),
    `Result: ${met} of ${allTargets.length} targets met${problems ? `; **${fmt(problems)} delivery problems**` : ', no delivery lost or duplicated'}.`,
  ].join('\n');
  const parleyFigures = [...results].map(([size, runs]) => {
    const t = targetsOf(runs);
    const parley = runs.find((run) => run.mode === 'parley');
    return `${fmt(size)}: ${parley ? fmt(parley.saturation.perSec) : 'n/a'} deliveries/s (×raw ${fmt(t[0]!.ratio, 2)}, CPU ×raw ${fmt(t[1]!.ratio, 2)}, ×SIO-bin ${fmt(t[2]!.ratio, 2)}, ×SIO-JSON ${fmt(t[3]!.ratio, 2)})`;
  });
  const summary = `fanout: Parley at ${parleyFigures.join('; ')}: ${met}/${allTargets.length} targets met, ${problems ? `${fmt(problems)} delivery problems` : 'no lost or duplicated deliveries'}: ${pass ? 'targets met' : 'TARGET MISSED'}`;
  return { markdown, pass, summary };
}
