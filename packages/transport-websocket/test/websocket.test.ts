import { runTransportTests } from '@parley/core/testing';
import WebSocket from 'ws';
import { WebSocketTransport } from '../src/index.js';
import { startEchoServer } from './echo-server.js';

runTransportTests(async () => {
  const server = await startEchoServer();
  return {
    transport: new WebSocketTransport({ WebSocket }),
    url: server.url,
    refusedUrl: server.refusedUrl,
    teardown: () => server.close(),
  };
});
