// The native core API in a live room: the Parley side of the Hummer room pairing.
import { type Client, createClient, type RoomHandle, roomsOf } from '@parley/core';
import { CompactCodec } from '@parley/protocol/compact';
import { WebSocketTransport } from '@parley/transport-websocket';
import { serverUrls } from '../credentials.js';
import { vendorCredential } from './credentials.js';
import { mountVendorPage } from './page.js';

/** Hummer rooms are addressed by a numeric id within a region; the demo's rooms are in `cn`. */
const REGION = 'cn';

mountVendorPage((view) => {
  let client: Client | undefined;
  let room: RoomHandle | undefined;
  return {
    title: 'Parley core API: live room',
    about: 'createClient + login with a native token, roomsOf(client).join(roomId or numeric id), room.send, room events message and count.',
    async signIn(name) {
      const { userId, token } = await vendorCredential('native', name);
      // No storage: this page keeps nothing across reloads (rooms are live only).
      const c = createClient({ transport: new WebSocketTransport(), codec: new CompactCodec(), url: serverUrls().ws, app: { appId: 'dev' } });
      await c.login({ credential: { nativeToken: { userId, token } }, userId });
      client = c;
    },
    room: {
      async join(id) {
        if (!client) throw new Error('not signed in');
        // A number is a Hummer `roomid`; anything else is the room's own id.
        const handle = /^\d+$/.test(id) ? await roomsOf(client).join('', { numericId: Number(id), region: REGION }) : await roomsOf(client).join(id);
        handle.on('message', (m) => {
          const text = m.elements.map((e) => e.text?.text ?? '').join('');
          if (text) view.received(m.senderId, text);
        });
        handle.on('count', (n) => view.count(n));
        view.count(handle.count);
        room = handle;
      },
      async send(text) {
        if (!room) throw new Error('not in a room');
        await room.send([{ text: { text } }]);
      },
    },
  };
});
