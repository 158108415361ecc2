// The client benchmarks alone: `npx tsx --conditions=@parley/source src/client/main.ts`
// (PARLEY_BENCH_QUICK=1 for reduced sizes). Exits 1 when a target is missed.
import { clientBenchOptionsFromEnv, runClientBenches } from './index.js';

const results = await runClientBenches(clientBenchOptionsFromEnv());
console.log(`\n${results.map((r) => r.markdown).join('\n\n')}\n`);
for (const r of results) console.log(`- ${r.summary}`);
if (results.some((r) => !r.pass)) process.exitCode = 1;
