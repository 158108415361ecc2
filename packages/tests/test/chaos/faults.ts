/**
 * The fault injector of the chaos test: a seeded random schedule of faults (client links cut,
 * the server SIGKILLed and restarted, a cluster node killed, Redis restarted), played against
 * the running world. The schedule is a pure function of the seed, so a failing run prints the
 * seed and `PARLEY_CHAOS_SEED` replays the same faults at the same offsets (thread timing
 * still differs from run to run, which is the point of running it often).
 */

/** A small seeded PRNG (mulberry32): a failing run can be replayed from its seed. */
export class Rng {
  #state: number;

  constructor(seed: number) {
    this.#state = seed | 0;
  }

  /** In [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) | 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  /** A child generator, so that one consumer drawing more numbers does not shift another's. */
  fork(salt: number): Rng {
    return new Rng(Math.imul(this.int(0, 0x7fffffff) ^ salt, 0x9e3779b1));
  }
}

/** The seed of this run: `PARLEY_CHAOS_SEED` when set, else a fresh one. */
export function chaosSeed(): number {
  const given = process.env.PARLEY_CHAOS_SEED;
  if (given !== undefined && given !== '') {
    const seed = Number(given);
    if (!Number.isInteger(seed)) throw new Error(`PARLEY_CHAOS_SEED must be an integer, not ${given}`);
    return seed;
  }
  return Math.floor(Math.random() * 0x7fffffff);
}

/** Seconds of traffic per scenario: `PARLEY_CHAOS_SECONDS`, or a CI-friendly default. */
export function chaosSeconds(fallback: number): number {
  const given = Number(process.env.PARLEY_CHAOS_SECONDS ?? '');
  return Number.isFinite(given) && given > 0 ? given : fallback;
}

/** One fault at an offset from the start of the traffic. */
export type Fault =
  | { at: number; kind: 'drop'; client: number }
  | { at: number; kind: 'killServer'; downMs: number }
  | { at: number; kind: 'killNode'; node: number; downMs: number }
  | { at: number; kind: 'restartRedis'; downMs: number };

/** How many faults of each kind a scenario plays (over its traffic time). */
export interface FaultPlan {
  durationMs: number;
  clients: number;
  /** Mean gap between two client link cuts. */
  dropEveryMs: number;
  /** Scenario 1: the single server is SIGKILLed and restarted this many times. */
  serverKills?: number;
  /** Scenario 2: nodes are SIGKILLed (and restarted later) this many times, alternating. */
  nodeKills?: number;
  nodes?: number;
  /** Scenario 2: Redis is killed and started again this many times. */
  redisRestarts?: number;
}

/**
 * The schedule: link cuts spread at random (some in bursts of several clients at once), and the
 * server-side faults one per slot of the traffic time, so they never overlap and the quiet
 * stretches between them let the clients recover and traffic flow normally again.
 */
export function schedule(plan: FaultPlan, rng: Rng): Fault[] {
  const faults: Fault[] = [];
  for (let at = rng.int(200, plan.dropEveryMs); at < plan.durationMs - 1000; at += rng.int(plan.dropEveryMs / 2, (plan.dropEveryMs * 3) / 2)) {
    // One cut in five is a burst: several clients lose their link together (a flaky access point).
    const burst = rng.next() < 0.2 ? rng.int(2, 6) : 1;
    for (let i = 0; i < burst; i++) faults.push({ at, kind: 'drop', client: rng.int(0, plan.clients - 1) });
  }
  const heavy: Array<() => Fault[]> = [];
  for (let i = 0; i < (plan.serverKills ?? 0); i++) heavy.push(() => [{ at: 0, kind: 'killServer', downMs: rng.int(100, 1500) }]);
  const nodes = plan.nodes ?? 2;
  const firstNode = rng.int(0, nodes - 1);
  for (let i = 0; i < (plan.nodeKills ?? 0); i++) heavy.push(() => [{ at: 0, kind: 'killNode', node: (firstNode + i) % nodes, downMs: rng.int(1000, 4000) }]);
  for (let i = 0; i < (plan.redisRestarts ?? 0); i++) heavy.push(() => [{ at: 0, kind: 'restartRedis', downMs: rng.int(200, 1500) }]);
  // Shuffle the kinds, then give each its own slot of the traffic time.
  for (let i = heavy.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [heavy[i], heavy[j]] = [heavy[j] as () => Fault[], heavy[i] as () => Fault[]];
  }
  const slot = plan.durationMs / (heavy.length + 1);
  heavy.forEach((make, i) => {
    for (const fault of make()) faults.push({ ...fault, at: Math.round(slot * (i + 0.5) + rng.int(0, Math.round(slot / 2))) });
  });
  return faults.sort((a, b) => a.at - b.at);
}

/** What the injector acts on. */
export interface FaultTarget {
  /** Cuts one client's link as a network failure would (no close handshake). */
  drop(client: number): void;
  killServer?(downMs: number): Promise<void>;
  killNode?(node: number, downMs: number): Promise<void>;
  restartRedis?(downMs: number): Promise<void>;
  /** A server-side fault began or ended (the checker excuses some room deliveries around them). */
  mark(kind: Fault['kind'], phase: 'start' | 'end'): void;
}

/** A one-line summary of a schedule, for the log. */
export function describeSchedule(faults: readonly Fault[]): string {
  const drops = faults.filter((f) => f.kind === 'drop').length;
  const heavy = faults
    .filter((f) => f.kind !== 'drop')
    .map((f) => {
      const at = `${(f.at / 1000).toFixed(1)}s`;
      if (f.kind === 'killNode') return `kill node ${f.node} @${at} (down ${f.downMs} ms)`;
      if (f.kind === 'killServer') return `kill server @${at} (down ${f.downMs} ms)`;
      if (f.kind === 'restartRedis') return `restart redis @${at} (down ${f.downMs} ms)`;
      return '';
    });
  return `${drops} link cuts; ${heavy.join(', ')}`;
}

/**
 * Plays a schedule from now. Link cuts fire on time, even while a server fault is under way
 * (they hit whatever link the client has then); server-side faults run one after another.
 * Resolves when every fault has run and every killed process is back.
 */
export async function play(faults: readonly Fault[], target: FaultTarget): Promise<void> {
  const start = Date.now();
  const waitUntil = (at: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, at - (Date.now() - start))));
  const cuts = (async () => {
    for (const fault of faults) {
      if (fault.kind !== 'drop') continue;
      await waitUntil(fault.at);
      target.drop(fault.client);
    }
  })();
  for (const fault of faults) {
    if (fault.kind === 'drop') continue;
    await waitUntil(fault.at);
    target.mark(fault.kind, 'start');
    try {
      if (fault.kind === 'killServer') await target.killServer?.(fault.downMs);
      else if (fault.kind === 'killNode') await target.killNode?.(fault.node, fault.downMs);
      else await target.restartRedis?.(fault.downMs);
    } finally {
      target.mark(fault.kind, 'end');
    }
  }
  await cuts;
}
