/// <reference lib="dom" />
// The size-budget entry: what a chat app imports to start a Parley client in the browser (the
// client, the WebSocket transport, the IndexedDB cache and the compact codec), used the way an
// app uses them. The same entry as the bundle-size benchmark's (tooling/bench), with the codec
// the compat packages ship.
import { createClient } from '@parley/core';
import { CompactCodec } from '@parley/protocol/compact';
import { indexedDBStorage } from '@parley/storage-indexeddb';
import { WebSocketTransport } from '@parley/transport-websocket';

/** Starts a client for `userId` and shows its conversation list as it changes. */
export function startChat(url: string, appId: string, userId: string, token: string, render: (rows: unknown[]) => void) {
  const client = createClient({ transport: new WebSocketTransport(), codec: new CompactCodec(), url, app: { appId }, storage: indexedDBStorage() });
  client.on('conversations', () => render([...client.conversations()]));
  client.on('messages', (convId) => render(client.messages(convId)));
  void client.login({ credential: { nativeToken: { userId, token } } });
  return client;
}
