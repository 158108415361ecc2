// The Markdown report and summary line of server.bench.ts (runServerBench), and the one-sentence
// verdict cluster.bench.ts reuses.
import { cpus } from 'node:os';
import { describeMachine, mib, ms, pct } from './common.js';
import { fmt, table } from './harness.js';
import { type PhaseFigures, type RateFigures, type Verdict, verdictProblems } from './load.js';
import { DRAIN_TIMEOUT_MS } from './phases.js';
import type { ServerBenchOptions, ServerBenchResult } from './server.bench.js';
import { kib, type MemoryFigures, memoryMarkdown, memoryRatio } from './server-memory.js';
import { describeSustained, judgeLadders, type Ladder, ladderMarkdown } from './server-rates.js';

/** One server's figures over the whole run. */
export interface ServerRun {
  label: string;
  setupSeconds: number;
  saturation: PhaseFigures;
  fixed: RateFigures;
  ladder: Ladder;
  verdict: Verdict;
  problems: string[];
  dropped: number;
}

/** The resolved options of {@link runServerBench}. */
export type Resolved = Required<Omit<ServerBenchOptions, 'progress'>>;

/** One sentence on a verdict (`dropped`: frames the raw forwarder could not deliver). */
export function describeVerdict(v: Verdict, dropped: number, needsAck: boolean): string {
  const errors = [...v.errors].map(([code, count]) => `${fmt(count)} × error ${code}`);
  const issues = [
    v.missed && `${fmt(v.missed)} missed`,
    v.duplicates && `${fmt(v.duplicates)} duplicates`,
    v.unanswered && `${fmt(v.unanswered)} sends never answered`,
    ...errors,
    v.stray && `${fmt(v.stray)} stray frames`,
    v.closed && `${fmt(v.closed)} connections dropped`,
    v.undrained && `${fmt(v.undrained)} still in flight after the ${DRAIN_TIMEOUT_MS / 1000} s drain`,
    dropped && `${fmt(dropped)} frames dropped by the forwarder`,
  ].filter(Boolean);
  const base = needsAck
    ? `${fmt(v.sent)} sends, ${fmt(v.acked)} acknowledged, ${fmt(v.delivered)} received`
    : `${fmt(v.sent)} sent, ${fmt(v.delivered)} received`;
  return `${base}: ${issues.length ? `**${issues.join(', ')}**` : needsAck ? 'every acknowledged send received exactly once' : 'every message received exactly once'}.`;
}

/** The Markdown section and summary line of one server benchmark run. */
export function serverReport(o: Resolved, parley: ServerRun, raw: ServerRun, memory: { parley: MemoryFigures; raw: MemoryFigures }, fixedRate: number, seconds: number): ServerBenchResult {
  const pairs = Math.floor(o.clients / 2);
  const cpuPer1k = (run: ServerRun) => (run.saturation.serverCpuMs / run.saturation.delivered) * 1000;
  const atTarget = fixedRate === o.targetRate;
  const latencyMet = atTarget && parley.fixed.reached && parley.fixed.p99 < o.p99TargetMs;
  const parleyProblems = verdictProblems(parley.verdict);
  const rawProblems = verdictProblems(raw.verdict) + raw.dropped;
  const correct = parleyProblems === 0 && rawProblems === 0;
  const ladder = judgeLadders(parley.ladder, raw.ladder, o.ladderRatioTarget, o.ladderP99TargetMs);
  const memRatio = memoryRatio(memory.parley, memory.raw);
  const memoryMet = memRatio <= o.memoryRatioTarget;
  const missed = [
    !latencyMet && `p99 < ${o.p99TargetMs} ms at ${fmt(o.targetRate)} msg/s`,
    !ladder.ratioMet && `sustained-rate ratio ≥ ${o.ladderRatioTarget}`,
    !ladder.latencyMet && `sustained p99 ≤ ${o.ladderP99TargetMs} ms at 5,000 msg/s`,
    !memoryMet && `memory per idle connection ≤ ${o.memoryRatioTarget}× raw`,
  ].filter((m): m is string => typeof m === 'string');
  const pass = missed.length === 0 && correct;

  const row = (run: ServerRun) => [
    run.label,
    fmt(run.saturation.perSec),
    fmt(cpuPer1k(run), 1),
    pct(run.saturation.genShare),
    `${fmt(run.fixed.rate)} → ${fmt(run.fixed.perSec)}${run.fixed.reached ? '' : ' (not reached)'}`,
    ms(run.fixed.p50),
    ms(run.fixed.p99),
    ms(run.fixed.max),
    pct(run.fixed.genShare),
  ];
  const mainTable = table(
    ['server', 'msgs/s (saturation)', 'server CPU ms per 1k msgs', 'load-gen CPU (saturation)', 'fixed rate: offered → delivered msg/s', 'p50', 'p99', 'max', 'load-gen CPU (fixed rate)'],
    [
      row(parley),
      row(raw),
      [
        '**ratio Parley / raw**',
        fmt(parley.saturation.perSec / raw.saturation.perSec, 2),
        fmt(cpuPer1k(parley) / cpuPer1k(raw), 1),
        '',
        '',
        `${fmt(parley.fixed.p50 / raw.fixed.p50, 1)}×`,
        `${fmt(parley.fixed.p99 / raw.fixed.p99, 1)}×`,
        '',
        '',
      ],
    ],
  );
  const detail = (run: ServerRun) => [
    run.label,
    `${fmt(run.setupSeconds, 1)} s`,
    pct(run.saturation.serverShare),
    pct(run.fixed.serverShare),
    `${mib(run.saturation.serverRss)} / ${mib(run.fixed.serverRss)}`,
    `${ms(run.fixed.serverLoopP99Ms)} / ${ms(run.fixed.serverLoopMaxMs)}`,
    fmt(run.fixed.samples),
    `${fmt(run.fixed.maxTickLateMs, 1)} ms`,
  ];
  const detailTable = table(
    ['server', 'setup (connect + login)', 'server CPU (saturation)', 'server CPU (fixed rate)', 'server RSS after saturation / fixed rate', 'server event-loop delay p99 / max (fixed rate)', 'latency samples', 'worst scheduler tick lateness'],
    [detail(parley), detail(raw)],
  );

  const targetLine = atTarget
    ? `p99 < ${o.p99TargetMs} ms at ${fmt(o.targetRate)} msg/s: ${latencyMet ? `met (p99 ${ms(parley.fixed.p99)})` : `**MISSED** (p99 ${ms(parley.fixed.p99)}${parley.fixed.reached ? '' : `, and only ${fmt(parley.fixed.perSec)} msg/s delivered`})`}.`
    : `p99 < ${o.p99TargetMs} ms at ${fmt(o.targetRate)} msg/s: **MISSED**, ${fmt(o.targetRate)} msg/s is beyond Parley's saturation (${fmt(parley.saturation.perSec)} msg/s) here, so the fixed-rate phase ran at 50 % of it, ${fmt(fixedRate)} msg/s, for both servers.`;
  const limiter = (run: ServerRun) => {
    const { serverShare, genShare } = run.saturation;
    const name = run === parley ? "Parley's saturation" : "the raw forwarder's";
    if (genShare >= 0.9) return `${name} was bounded by the load generator (${pct(genShare)} of a core; the server used ${pct(serverShare)})`;
    if (serverShare >= 0.9) return `${name} was bounded by the server process (${pct(serverShare)} of a core; the generator used ${pct(genShare)}, so the second core had room to spare)`;
    return `${name} was bounded by neither process (server ${pct(serverShare)}, generator ${pct(genShare)} of a core) but by the ${o.window} messages in flight per sender`;
  };
  const cores = cpus().length;
  const markdown = [
    '### Server: 1:1 messages with SQLite persistence',
    '',
    `${fmt(o.clients)} connected WebSocket clients (${fmt(pairs)} sender → receiver pairs, one C2C conversation each) against Parley (\`startServer\`, SQLite store, rate limits off, protobuf) and against a raw \`ws\` forwarder (no persistence, no protobuf: \`[target id][payload]\` frames passed on unchanged), measured in the same run.`,
    `Machine: ${describeMachine()}. Whole benchmark: ${fmt(seconds)} s.`,
    '',
    mainTable,
    '',
    `- **Saturation**: each sender keeps ${o.window} messages in flight (in flight until the receiver has it and, for Parley, the msg.send response has arrived); ${o.warmupMs / 1000} s ramp-up, then ${o.saturationMs / 1000} s measured; messages/s are counted at the receivers.`,
    `- **Fixed rate**: ${fmt(fixedRate)} msg/s over all senders, open loop (a ${o.tickMs} ms tick sends whatever is due, round robin); ${o.rateWarmupMs / 1000} s lead-in, then ${o.rateMs / 1000} s measured. Latency is receive time − send time of the messages sent in the measured window, both read from the load generator's clock; the send time travels in the 40-byte message text. The server's event-loop delay (below) shows how long its work waited for its one thread in that window.`,
    `- **Target** (fixed-rate phase): ${targetLine}`,
    `- **Correctness**, Parley: ${describeVerdict(parley.verdict, parley.dropped, true)} Raw forwarder: ${describeVerdict(raw.verdict, raw.dropped, false)}`,
    parley.problems.length
      ? `- **Server log** (warn and above): ${fmt(parley.problems.length)} lines, first: \`${parley.problems[0]!.slice(0, 300)}\``
      : '- Server log (warn and above): empty.',
    '',
    detailTable,
    '',
    `**How the load generator shares the machine.** Everything runs on this ${cores}-core machine. Each server under test runs in its own child process, whose CPU time (process.cpuUsage, read over IPC at the start and end of each measured window) gives "server CPU". The load generator is the benchmark process itself: all ${fmt(o.clients)} clients in one Node.js event loop, encoding every msg.send and decoding every response and push, with its own CPU use printed for each phase (load-gen CPU, as a share of one core; 100 % = one core busy, ${cores * 100} % = the whole machine). Both are single-threaded JavaScript, so each tops out near 100 %, and on ${cores} cores the generator saturates about as early as the server: a figure taken while the generator is near 100 % measures the generator as much as the server, and its latencies include the generator's own queueing (the "worst scheduler tick lateness" column shows how late its timer ran). In this run, ${limiter(parley)}; ${limiter(raw)}.`,
    '',
    ladderMarkdown(
      parley.ladder,
      raw.ladder,
      { parley: parley.label, raw: raw.label },
      { stepWarmupMs: o.stepWarmupMs, stepMs: o.stepMs, clients: o.clients, ratioTarget: o.ladderRatioTarget, p99TargetMs: o.ladderP99TargetMs },
    ),
    '',
    memoryMarkdown(memory.parley, memory.raw, o.memoryRatioTarget),
    '',
    `Result: ${pass ? 'all targets met, no message lost or duplicated' : [!correct && 'CORRECTNESS FAILURE', missed.length > 0 && `TARGET MISSED (${missed.join('; ')})`].filter(Boolean).join('; ')}.`,
  ].join('\n');
  const at5k = ladder.parleyAt ? `p99 ${ms(ladder.parleyAt.p99)} at 5,000 msg/s${ladder.parleyAt.sustained ? '' : ' (not sustained)'}` : 'no 5,000 msg/s step';
  const summary = `server: Parley ${fmt(parley.saturation.perSec)} msg/s (raw ws ${fmt(raw.saturation.perSec)}, ratio ${fmt(parley.saturation.perSec / raw.saturation.perSec, 2)}), p99 ${ms(parley.fixed.p99)} at ${fmt(fixedRate)} msg/s${atTarget ? '' : ' (50 % of saturation)'}; sustained ${describeSustained(parley.ladder)} vs ${describeSustained(raw.ladder)} msg/s (ratio ${Number.isFinite(ladder.ratio) ? fmt(ladder.ratio, 2) : 'n/a'}), ${at5k}; ${kib(memory.parley.rssPerConn)} vs ${kib(memory.raw.rssPerConn)} RSS per idle connection (${Number.isFinite(memRatio) ? `${fmt(memRatio, 2)}×` : 'ratio n/a'}); ${parleyProblems === 0 ? 'no lost or duplicated messages' : `${fmt(parleyProblems)} delivery problems`}: ${pass ? 'targets met' : 'TARGET MISSED'}`;
  return { markdown, pass, summary };
}
