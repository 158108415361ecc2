// Runs only the room fan-out benchmark and prints its Markdown (nothing is written to RESULTS.md):
// `pnpm --filter @parley/bench exec tsx --conditions=@parley/source src/fanout-only.ts`.
// PARLEY_BENCH_QUICK=1 shrinks it (200 and 500 subscribers, short phases); PARLEY_BENCH_CPU_PROF=<dir>
// makes every server child write a V8 CPU profile there.
import { fanoutBenchOptionsFromEnv, runFanoutBench } from './fanout.bench.js';

const result = await runFanoutBench(fanoutBenchOptionsFromEnv());
console.log(`\n${result.markdown}\n\n${result.summary}`);
if (!result.pass) process.exitCode = 1;
