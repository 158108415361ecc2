// `pnpm bench`: runs every benchmark, prints a summary and writes tooling/bench/RESULTS.md.
// PARLEY_BENCH_QUICK=1 shrinks the server benchmark (200 clients, shorter phases), the fan-out
// benchmark (200 and 500 subscribers), the cluster benchmark (100 clients; it needs PostgreSQL
// and Redis, see cluster.bench.ts) and the client benchmarks (fewer messages and rounds; their
// summary lines say QUICK) for a quick look.
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clientBenchOptionsFromEnv, runClientBenches } from './client/index.js';
import { clusterBenchOptionsFromEnv, runClusterBench } from './cluster.bench.js';
import { runCodecBench } from './codec.bench.js';
import { fanoutBenchOptionsFromEnv, runFanoutBench } from './fanout.bench.js';
import { runServerBench, serverBenchOptionsFromEnv } from './server.bench.js';

const sections: string[] = [];
const summary: string[] = [];
let missed = 0;

console.log('codec: typical chat message frame…');
const codec = runCodecBench();
sections.push(codec.markdown);
summary.push(`codec: protobuf/JSON bytes ${codec.bytesRatio.toFixed(2)}, encode+decode throughput ${codec.throughputRatio.toFixed(2)}×: ${codec.pass ? 'targets met' : 'TARGET MISSED'}`);
if (!codec.pass) missed++;

console.log('server: 1:1 messages with SQLite persistence, against a raw ws forwarder…');
const server = await runServerBench(serverBenchOptionsFromEnv());
sections.push(server.markdown);
summary.push(server.summary);
if (!server.pass) missed++;

console.log('fanout: one room, 1,000 and 5,000 subscribers: Parley, raw ws and Socket.IO…');
const fanout = await runFanoutBench(fanoutBenchOptionsFromEnv());
sections.push(fanout.markdown);
summary.push(fanout.summary);
if (!fanout.pass) missed++;

console.log('cluster: one and two nodes on PostgreSQL + Redis, against one node on SQLite…');
const cluster = await runClusterBench(clusterBenchOptionsFromEnv());
sections.push(cluster.markdown);
summary.push(cluster.summary);
if (!cluster.pass) missed++;

for (const client of await runClientBenches(clientBenchOptionsFromEnv())) {
  sections.push(client.markdown);
  summary.push(client.summary);
  if (!client.pass) missed++;
}

const header = [
  '# Benchmark results',
  '',
  `Written by \`pnpm bench\` on ${new Date().toISOString().slice(0, 10)}: Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}.`,
  'Every figure sits next to its baseline from the same run. Codec figures are the median of interleaved rounds; server figures come from one timed run per server.',
  '',
  '## Summary',
  '',
  ...summary.map((line) => `- ${line}`),
  '',
].join('\n');
const report = `${header}\n${sections.join('\n\n')}\n`;
console.log(`\n${report}`);
writeFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'RESULTS.md'), report);
if (missed) {
  console.error(`${missed} benchmark target(s) missed`);
  process.exitCode = 1;
}
