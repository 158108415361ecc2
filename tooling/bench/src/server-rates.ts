// The rising-rates part of server.bench.ts: after saturation, the same clients offer a ladder of
// open-loop rates (500, 1,000, 2,000, … msg/s, a few seconds each, scheduled like the fixed-rate
// phase) until a step is not sustained. The highest sustained rate of Parley is compared with the
// raw forwarder's, and the step at 5,000 msg/s gives the p50/p99 figures the issue asks for.
import { fmt, table } from './harness.js';
import type { Load, RateFigures } from './server.bench.js';

/** Offered rates of the ladder, msg/s, before {@link LADDER_FIXED_RATE} is merged in. */
export const DEFAULT_LADDER_RATES: readonly number[] = [500, 1000, 2000, 3000, 5000, 8000, 12_000, 18_000, 27_000, 40_000, 60_000, 90_000];

/** The rate whose p50/p99 the issue asks for; every ladder runs it, sustained or not. */
export const LADDER_FIXED_RATE = 5000;

/**
 * Tries per step: a step that fails runs once more before it counts as unsustained, so that one
 * stall of a neighbour on a shared machine does not end a ladder. The last try is reported.
 */
export const STEP_ATTEMPTS = 2;

/**
 * How long a step may take to deliver its backlog before the next one starts. An unsustained step
 * leaves one (5,000 msg/s offered to a server that does 1,000 builds 4,000 a second), and what
 * is still in flight after this counts as undrained, a delivery failure.
 */
export const STEP_DRAIN_TIMEOUT_MS = 45_000;

/** A step is sustained when the receivers got at least this share of the offered rate… */
export const SUSTAINED_DELIVERED_SHARE = 0.98;
/** …and the p99 latency of the messages sent in the measured window stayed under this. */
export const SUSTAINED_P99_MS = 100;

/** Options of {@link climbLadder}. */
export interface LadderOptions {
  /** Offered rates in msg/s; sorted and merged with {@link LADDER_FIXED_RATE}. @default DEFAULT_LADDER_RATES */
  rates?: readonly number[];
  /** Per step: unmeasured lead-in, then the measured time. @default 1000, 2000 */
  stepWarmupMs?: number;
  stepMs?: number;
  /** The open-loop scheduler's tick. @default 5 */
  tickMs?: number;
}

/** One step of a ladder. */
export interface LadderStep {
  /** Offered msg/s. */
  rate: number;
  /** Delivered msg/s in the measured window, counted at the receivers. */
  perSec: number;
  p50: number;
  p99: number;
  max: number;
  /** Server CPU time per delivered message in the measured window, microseconds. */
  cpuUsPerMsg: number;
  /** Fractions of one core in the measured window. */
  serverShare: number;
  genShare: number;
  /** Messages the scheduler withheld because 5 s worth were already in flight. */
  throttled: number;
  sustained: boolean;
  /** Tries this step took (see {@link STEP_ATTEMPTS}); the figures are the last try's. */
  attempts: number;
  /**
   * Run after the ladder had stopped, only for the figures at {@link LADDER_FIXED_RATE}; its
   * `sustained` applies to those figures, never to the highest sustained rate.
   */
  extra: boolean;
}

/** A server's ladder. */
export interface Ladder {
  steps: LadderStep[];
  /** The highest offered rate sustained before the first unsustained step; 0 if none was. */
  highestSustained: number;
  /** Every step was sustained: the highest sustained rate is a lower bound (the ladder's top). */
  topped: boolean;
}

/** The sustained rule, applied to one fixed-rate window (see {@link SUSTAINED_DELIVERED_SHARE}). */
export function isSustained(f: RateFigures): boolean {
  return f.perSec >= f.rate * SUSTAINED_DELIVERED_SHARE && f.throttled === 0 && f.p99 < SUSTAINED_P99_MS;
}

function toStep(f: RateFigures, extra: boolean, attempts = 1): LadderStep {
  return {
    rate: f.rate,
    perSec: f.perSec,
    p50: f.p50,
    p99: f.p99,
    max: f.max,
    cpuUsPerMsg: f.delivered > 0 ? (f.serverCpuMs * 1000) / f.delivered : Number.NaN,
    serverShare: f.serverShare,
    genShare: f.genShare,
    throttled: f.throttled,
    sustained: isSustained(f),
    attempts,
    extra,
  };
}

/** The ladder's rates: sorted, without duplicates, {@link LADDER_FIXED_RATE} included. */
export function ladderRates(rates: readonly number[] = DEFAULT_LADDER_RATES): number[] {
  return [...new Set([...rates, LADDER_FIXED_RATE])].filter((r) => r > 0).sort((a, b) => a - b);
}

/**
 * Climbs the ladder on a connected {@link Load}: one open-loop step per rate, stopping at the
 * first unsustained step (a step that fails is tried once more first). If that happens below {@link LADDER_FIXED_RATE}, one more step, half as
 * long, runs at that rate for its latency figures (marked `extra`; not part of the ladder). Each step
 * drains what is still in flight before the next one starts, so steps do not overlap.
 */
export async function climbLadder(load: Load, label: string, options: LadderOptions, progress: (line: string) => void): Promise<Ladder> {
  const { stepWarmupMs = 1000, stepMs = 2000, tickMs = 5 } = options;
  const steps: LadderStep[] = [];
  let highestSustained = 0;
  let topped = true;
  for (const rate of ladderRates(options.rates)) {
    let step: LadderStep | undefined;
    for (let attempt = 1; attempt <= STEP_ATTEMPTS && !step?.sustained; attempt++) {
      step = toStep(await load.fixedRate(rate, stepWarmupMs, stepMs, tickMs, STEP_DRAIN_TIMEOUT_MS), false, attempt);
      const verdict = step.sustained ? '' : attempt < STEP_ATTEMPTS ? ' (not sustained, trying again)' : ' (not sustained, ladder stops)';
      progress(`server: ${label}: ladder ${fmt(rate)} msg/s → ${fmt(step.perSec)} delivered, p99 ${fmt(step.p99, 1)} ms${verdict}`);
    }
    if (!step) break;
    steps.push(step);
    if (!step.sustained) {
      topped = false;
      break;
    }
    highestSustained = rate;
  }
  if (!steps.some((s) => s.rate === LADDER_FIXED_RATE)) {
    // Half as long as a ladder step: the server is known to fall behind here, and its backlog
    // (drained before the benchmark moves on) grows with the step's length.
    const figures = await load.fixedRate(LADDER_FIXED_RATE, stepWarmupMs / 2, stepMs / 2, tickMs, STEP_DRAIN_TIMEOUT_MS);
    const step = toStep(figures, true);
    steps.push(step);
    progress(`server: ${label}: extra step at ${fmt(LADDER_FIXED_RATE)} msg/s → ${fmt(step.perSec)} delivered, p99 ${fmt(step.p99, 1)} ms${step.sustained ? '' : ' (not sustained)'}`);
  }
  return { steps, highestSustained, topped };
}

/** The highest sustained rate as text: `8,000`, `≥ 90,000` (never failed) or `< 500` (no step sustained). */
export function describeSustained(ladder: Ladder): string {
  if (ladder.topped) return `≥ ${fmt(ladder.highestSustained)}`;
  if (ladder.highestSustained === 0) return `< ${fmt(ladder.steps[0]?.rate ?? 0)}`;
  return fmt(ladder.highestSustained);
}

/** The ladder's verdicts against the issue's targets. */
export interface LadderVerdict {
  /** Parley's highest sustained rate / the raw forwarder's. */
  ratio: number;
  ratioMet: boolean;
  /** Parley's step at 5,000 msg/s (undefined only if the ladder did not run). */
  parleyAt: LadderStep | undefined;
  rawAt: LadderStep | undefined;
  latencyMet: boolean;
}

/** Checks both ladders against the targets (ratio ≥ `ratioTarget`, sustained p99 ≤ `p99TargetMs` at 5,000). */
export function judgeLadders(parley: Ladder, raw: Ladder, ratioTarget: number, p99TargetMs: number): LadderVerdict {
  const ratio = raw.highestSustained > 0 ? parley.highestSustained / raw.highestSustained : Number.NaN;
  const at = (ladder: Ladder) => ladder.steps.find((s) => s.rate === LADDER_FIXED_RATE);
  const parleyAt = at(parley);
  return {
    ratio,
    ratioMet: ratio >= ratioTarget,
    parleyAt,
    rawAt: at(raw),
    latencyMet: parleyAt?.sustained === true && parleyAt.p99 <= p99TargetMs,
  };
}

const msCell = (value: number) => (Number.isFinite(value) ? fmt(value, 1) : 'n/a');
const pctCell = (share: number) => `${fmt(share * 100)} %`;

/** A latency at 5,000 msg/s with its status. */
function atFixed(step: LadderStep | undefined, which: 'p50' | 'p99'): string {
  if (!step) return 'not run';
  return `${msCell(step[which])} ms${step.sustained ? '' : ' (**not sustained**)'}`;
}

/** The ladder section of the server report: one row per offered rate, both servers side by side. */
export function ladderMarkdown(
  parley: Ladder,
  raw: Ladder,
  labels: { parley: string; raw: string },
  o: { stepWarmupMs: number; stepMs: number; clients: number; ratioTarget: number; p99TargetMs: number },
): string {
  const verdict = judgeLadders(parley, raw, o.ratioTarget, o.p99TargetMs);
  const rates = [...new Set([...parley.steps, ...raw.steps].map((s) => s.rate))].sort((a, b) => a - b);
  const cells = (step: LadderStep | undefined) =>
    step
      ? [
          `${fmt(step.perSec)}${step.sustained ? '' : ' ✗'}${step.extra ? ' (extra)' : ''}${step.attempts > 1 ? ` (try ${step.attempts})` : ''}`,
          msCell(step.p50),
          msCell(step.p99),
          fmt(step.cpuUsPerMsg),
          `${pctCell(step.serverShare)} / ${pctCell(step.genShare)}`,
        ]
      : ['—', '', '', '', ''];
  const rows = rates.map((rate) => {
    const p = parley.steps.find((s) => s.rate === rate);
    const r = raw.steps.find((s) => s.rate === rate);
    const cpuRatio = p && r ? `${fmt(p.cpuUsPerMsg / r.cpuUsPerMsg, 1)}×` : '';
    return [fmt(rate), ...cells(p), ...cells(r), cpuRatio];
  });
  const head = (name: string) => [`${name}: delivered msg/s`, 'p50 ms', 'p99 ms', 'server CPU µs/msg', 'CPU server / load-gen'];
  const highest = (ladder: Ladder) => `${describeSustained(ladder)}${ladder.topped ? " (the ladder's top)" : ''}`;
  const ratioText = Number.isFinite(verdict.ratio) ? fmt(verdict.ratio, 2) : 'n/a';
  return [
    '#### Rising rates',
    '',
    `After saturation and the fixed-rate phase, the same ${fmt(o.clients)} clients offer rising open-loop rates (${o.stepWarmupMs / 1000} s lead-in + ${o.stepMs / 1000} s measured per step, everything drained between steps). A step is **sustained** when the receivers got ≥ ${SUSTAINED_DELIVERED_SHARE * 100} % of the offered rate in the measured window, no send was withheld by the 5-second in-flight cap, and the p99 latency of the messages sent in the window stayed under ${SUSTAINED_P99_MS} ms. A step that fails is run once more (a neighbour's stall on a shared machine should not end a ladder), and the table shows the last try ("try 2"); a server's ladder stops at its first step that fails twice (✗); if that is below ${fmt(LADDER_FIXED_RATE)} msg/s, one extra step (half as long, so its backlog stays drainable) runs at ${fmt(LADDER_FIXED_RATE)} msg/s for its latency figures only; an overloaded server's latencies there grow with the step's length, so they only say how far from sustained it is.`,
    '',
    table(['offered msg/s', ...head(labels.parley), ...head(labels.raw), 'CPU/msg Parley / raw'], rows),
    '',
    `- **Highest sustained rate**: ${labels.parley} ${highest(parley)} msg/s, ${labels.raw} ${highest(raw)} msg/s; ratio ${ratioText} (target ≥ ${o.ratioTarget}): ${verdict.ratioMet ? 'met' : '**MISSED**'}.${raw.topped ? ' The raw forwarder never failed a step, so its figure (and the ratio) is bounded by the ladder, not by the forwarder.' : ''}`,
    `- **At ${fmt(LADDER_FIXED_RATE)} msg/s**: ${labels.parley} p50 ${atFixed(verdict.parleyAt, 'p50')}, p99 ${atFixed(verdict.parleyAt, 'p99')}; ${labels.raw} p50 ${atFixed(verdict.rawAt, 'p50')}, p99 ${atFixed(verdict.rawAt, 'p99')}. Target p99 ≤ ${o.p99TargetMs} ms, sustained (the issue quotes about 3.5 ms for the raw forwarder): ${verdict.latencyMet ? 'met' : '**MISSED**'}.`,
    '- Server CPU µs/msg is the server process\'s CPU time in the measured window over the messages delivered in it; "CPU server / load-gen" is each process\'s share of one core. A raw step that fails while the load generator is near 100 % measures the generator, not the forwarder.',
  ].join('\n');
}
