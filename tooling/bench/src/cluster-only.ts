// Runs only the cluster benchmark and prints its Markdown (nothing is written to RESULTS.md):
// `pnpm --filter @parley/bench exec tsx --conditions=@parley/source src/cluster-only.ts`.
// PARLEY_BENCH_QUICK=1 shrinks it; PARLEY_TEST_PG_URL / PARLEY_TEST_REDIS_URL name the services.
import { clusterBenchOptionsFromEnv, runClusterBench } from './cluster.bench.js';

const result = await runClusterBench(clusterBenchOptionsFromEnv());
console.log(`\n${result.markdown}\n\n${result.summary}`);
if (!result.pass) process.exitCode = 1;
