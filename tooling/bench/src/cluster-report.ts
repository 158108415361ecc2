// The Markdown report and summary line of cluster.bench.ts (runClusterBench): the three set-ups
// side by side, with what the machine's cores were busy with.
import { cpus } from 'node:os';
import type { Options, SetUp } from './cluster.bench.js';
import { describeMachine, mib, ms, pct } from './common.js';
import { fmt, table } from './harness.js';
import { type PhaseFigures, verdictProblems } from './load.js';
import type { ServerBenchResult } from './server.bench.js';
import { describeVerdict } from './server-report.js';

/** The Markdown section and summary line of one cluster benchmark run. */
export function clusterReport(o: Options, setUps: SetUp[], rate: number, dropFailures: string[], seconds: number): ServerBenchResult {
  const [a, b, c] = setUps as [Required<SetUp>, Required<SetUp>, Required<SetUp>];
  const cores = cpus().length;
  const cpuPer1k = (s: Required<SetUp>) => (s.saturation.serverCpuMs / s.saturation.delivered) * 1000;
  const problems = (s: Required<SetUp>) => verdictProblems(s.verdict);
  const correct = setUps.every((s) => problems(s as Required<SetUp>) === 0);
  const pass = correct && dropFailures.length === 0;
  // Busy cores, and what neither the nodes nor the load generator used: PostgreSQL, Redis, and
  // anything else running on the machine.
  const machine = (busy: number, phase: PhaseFigures) =>
    Number.isFinite(busy) ? `${fmt(busy, 1)} of ${cores} cores (others ${fmt(Math.max(0, busy - phase.serverShare - phase.genShare), 1)})` : 'n/a';

  const row = (s: Required<SetUp>) => [
    s.label,
    fmt(s.saturation.perSec),
    fmt(cpuPer1k(s), 1),
    pct(s.saturation.serverShare),
    machine(s.saturationBusy, s.saturation),
    `${fmt(rate)} → ${fmt(s.fixed.perSec)}${s.fixed.reached ? '' : ' (not reached)'}`,
    ms(s.fixed.p50),
    ms(s.fixed.p99),
    ms(s.fixed.max),
    problems(s) === 0 ? 'yes' : `**no (${fmt(problems(s))} problems)**`,
  ];
  const ratio = (s: Required<SetUp>) => [
    `**ratio ${s.key} / a**`,
    fmt(s.saturation.perSec / a.saturation.perSec, 2),
    fmt(cpuPer1k(s) / cpuPer1k(a), 2),
    '',
    '',
    '',
    `${fmt(s.fixed.p50 / a.fixed.p50, 1)}×`,
    `${fmt(s.fixed.p99 / a.fixed.p99, 1)}×`,
    '',
    '',
  ];
  const mainTable = table(
    ['set-up', 'msgs/s (saturation)', 'server CPU ms per 1k msgs', 'server CPU (saturation)', 'machine busy (saturation)', 'fixed rate: offered → delivered msg/s', 'p50', 'p99', 'max', 'exactly once'],
    [row(a), row(b), row(c), ratio(b), ratio(c)],
  );
  const detailTable = table(
    ['set-up', 'setup (connect + login)', 'server CPU (fixed rate)', 'machine busy (fixed rate)', 'load-gen CPU (saturation / fixed rate)', 'server RSS after fixed rate', 'server event-loop delay p99 / max (fixed rate)', 'latency samples', 'worst scheduler tick lateness'],
    setUps.map((u) => {
      const s = u as Required<SetUp>;
      return [
        s.label,
        `${fmt(s.setupSeconds, 1)} s`,
        pct(s.fixed.serverShare),
        machine(s.fixedBusy, s.fixed),
        `${pct(s.saturation.genShare)} / ${pct(s.fixed.genShare)}`,
        mib(s.fixed.serverRss),
        `${ms(s.fixed.serverLoopP99Ms)} / ${ms(s.fixed.serverLoopMaxMs)}`,
        fmt(s.fixed.samples),
        `${fmt(s.fixed.maxTickLateMs, 1)} ms`,
      ];
    }),
  );
  const logLines = setUps.flatMap((s) => s.nodes.flatMap((node) => node.problems).map((line) => `${s.key}: ${line}`));
  const markdown = [
    '### Cluster: one node and two nodes on PostgreSQL + Redis',
    '',
    `${fmt(o.clients)} connected WebSocket clients per set-up (${fmt(Math.floor(o.clients / 2))} sender → receiver pairs, one C2C conversation each), the same load generator as the server benchmark, against three Parley set-ups measured in the same run: (a) one node on SQLite with the in-process bus (the baseline), (b) one node on PostgreSQL with the Redis bus, (c) two nodes on PostgreSQL with the Redis bus, every sender connected to node 1 and every receiver to node 2, so every message is stored through node 1 and crosses Redis to node 2. Each node is a child process; for (c) "server CPU" is the sum of both.`,
    `Machine: ${describeMachine(false)}. Whole benchmark: ${fmt(seconds)} s.`,
    '',
    mainTable,
    '',
    `- **Saturation**: each sender keeps ${o.window} messages in flight (until its receiver has it and the msg.send response has arrived); ${o.warmupMs / 1000} s ramp-up, then ${o.saturationMs / 1000} s measured; messages/s counted at the receivers. "Server CPU" is the Parley node processes only, as a share of one core; "machine busy" is every process on the machine over the same window, in cores, and "others" the part used neither by the nodes nor by the load generator: mostly PostgreSQL and Redis, whose CPU "server CPU ms per 1k msgs" leaves out.`,
    `- **Fixed rate**: ${fmt(rate)} msg/s for all three set-ups, half the lowest saturation rounded down to 100; ${o.rateWarmupMs / 1000} s lead-in, then ${o.rateMs / 1000} s measured; latency is receive time − send time on the load generator's clock.`,
    `- **Correctness**: ${setUps.map((s) => `(${s.key}) ${describeVerdict(s.verdict!, 0, true)}`).join(' ')}`,
    `- **Isolation**: PostgreSQL schemas ${b.schema} and ${c.schema}, Redis prefixes parley-bench-…-b/-c; ${dropFailures.length ? `**schema drop failed: ${dropFailures.join('; ')}**` : 'both schemas dropped after the run'}.`,
    logLines.length ? `- **Server log** (warn and above): ${fmt(logLines.length)} lines, first: \`${logLines[0]!.slice(0, 300)}\`` : '- Server log (warn and above): empty.',
    '',
    detailTable,
    '',
    `**What ${cores} cores mean here.** Everything shares this ${cores}-core machine: in (c) two Parley node processes, PostgreSQL, Redis and the load generator all compete for the same ${cores} cores (the "machine busy" column), so a second node cannot add capacity here — there is no idle core for it to use. (c) therefore measures the cost of cross-node fan-out (every message published on Redis by node 1 and pushed by node 2, and the second process's own overhead), not scaling; on separate machines each node would bring its own cores. Likewise, (b) against (a) is the cost of a networked store and bus: a PostgreSQL round trip per commit instead of an in-process SQLite write, with PostgreSQL's own CPU drawn from the same cores.`,
    `Result: ${pass ? 'every acknowledged send received exactly once in all three set-ups' : correct ? 'SCHEMA NOT DROPPED' : 'CORRECTNESS FAILURE'}.`,
  ].join('\n');
  const summary = `cluster: 1 node PostgreSQL+Redis ${fmt(b.saturation.perSec)} msg/s, 2 nodes ${fmt(c.saturation.perSec)} msg/s (SQLite node ${fmt(a.saturation.perSec)}: ratios ${fmt(b.saturation.perSec / a.saturation.perSec, 2)}, ${fmt(c.saturation.perSec / a.saturation.perSec, 2)}), p99 ${ms(a.fixed.p99)} / ${ms(b.fixed.p99)} / ${ms(c.fixed.p99)} at ${fmt(rate)} msg/s, ${correct ? 'no lost or duplicated messages' : 'DELIVERY PROBLEMS'}${pass ? '' : ': FAILED'}`;
  return { markdown, pass, summary };
}
