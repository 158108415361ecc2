/**
 * One cluster node in a child process (so a test can SIGKILL it):
 *   node --conditions=@parley/source --import tsx test/cluster/node.ts '<ServerConfig JSON>'
 * Prints one JSON line `{"url": …, "nodeId": …}` when it listens.
 */
import { nullLogger, startServer } from '@parley/server';

const [json] = process.argv.slice(2);
if (!json) throw new Error('usage: node.ts <config JSON>');
const server = await startServer(JSON.parse(json), { log: nullLogger });
process.stdout.write(`${JSON.stringify({ url: server.url, nodeId: server.context.cluster.nodeId })}\n`);
process.on('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
