// Runs only the server benchmark and prints its Markdown (nothing is written to RESULTS.md):
// `pnpm --filter @parley/bench exec tsx --conditions=@parley/source src/server-only.ts`.
// PARLEY_BENCH_QUICK=1 shrinks it.
import { runServerBench, serverBenchOptionsFromEnv } from './server.bench.js';

const result = await runServerBench(serverBenchOptionsFromEnv());
console.log(`\n${result.markdown}\n\n${result.summary}`);
if (!result.pass) process.exitCode = 1;
