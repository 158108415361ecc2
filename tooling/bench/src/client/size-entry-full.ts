/// <reference lib="dom" />
// The full-API bundle entry: size-entry.ts plus every API area of the core (what a compat
// shim pulls in). Reported beside the chat-app bundle; the 30 kB target is the chat app's.

import { Codec } from 'parley:codec';
import { chatOf, contactsOf, convsOf, createClient, groupsOf, mediaOf, roomsOf } from '@parley/core';
import { indexedDBStorage } from '@parley/storage-indexeddb';
import { WebSocketTransport } from '@parley/transport-websocket';

/** Starts a client for `userId` and touches every API area once. */
export function startFull(url: string, appId: string, userId: string, token: string) {
  const client = createClient({ transport: new WebSocketTransport(), codec: new Codec(), url, app: { appId }, storage: indexedDBStorage() });
  void client.login({ credential: { nativeToken: { userId, token } } });
  return [chatOf(client), convsOf(client), mediaOf(client), contactsOf(client), groupsOf(client), roomsOf(client)];
}
