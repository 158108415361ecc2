import { type Client, chatOf, type Message, type RoomHandle, roomsOf } from '@parley/core';
import { textOf } from '../../helpers/harness.js';
import { type ChatDriver, DEFAULT_FEATURES, type DriverFactory, type Feature, type Peer, type SeenText, until } from '../driver.js';

/** The core API offers every scenario feature, live rooms included. */
export const CORE_FEATURES: ReadonlySet<Feature> = new Set<Feature>([...DEFAULT_FEATURES, 'rooms']);

const convOf = (peer: Peer) => ('user' in peer ? `c2c:${peer.user}` : `group:${peer.group}`);

const seen = (m: Message): SeenText => ({ id: m.clientMsgId, from: m.senderId, text: textOf(m), revoked: (m.state ?? 0) === 1 });

/** The driver over the native core API (`@parley/core`), the reference the vendors are compared with. */
export const coreDriver: DriverFactory = async (h, userId) => {
  const client: Client = await h.login(userId);
  const arrived: Message[] = [];
  client.on('messages', (_convId, messages) => arrived.push(...messages.filter((m) => m.senderId !== userId)));
  const handles = new Map<string, RoomHandle>();
  const roomTexts = new Map<string, Message[]>();
  const inRoom = (roomId: string) => (roomTexts.get(roomId) ?? []).filter((m) => textOf(m) !== '');
  const driver: ChatDriver = {
    vendor: 'core',
    userId,
    rooms: {
      async join(room) {
        const handle = await roomsOf(client).join(room.id);
        handles.set(room.id, handle);
        handle.on('message', (m) => roomTexts.set(room.id, [...(roomTexts.get(room.id) ?? []), m]));
      },
      async send(room, text) {
        const handle = handles.get(room.id);
        if (!handle) throw new Error(`not in room ${room.id}`);
        await handle.send([{ text: { text } }]);
      },
      async waitForText(room, from, text) {
        const m = await until(() => inRoom(room.id).find((x) => x.senderId === from && textOf(x) === text), Boolean, `"${text}" from ${from} in room ${room.id} at ${userId}`);
        return seen(m as Message);
      },
      async received(room) {
        return inRoom(room.id).map(seen);
      },
      async leave(room) {
        await handles.get(room.id)?.leave();
        handles.delete(room.id);
      },
    },
    async sendText(to, text) {
      const sent = await client.send({ convId: convOf(to), elements: [{ text: { text } }] });
      return sent.clientMsgId;
    },
    async waitForText(peer, from, text) {
      const m = await until(
        () => client.messages(convOf(peer)).find((x) => x.senderId === from && textOf(x) === text),
        Boolean,
        `"${text}" from ${from} at ${userId}`,
      );
      return seen(m as Message);
    },
    async received(peer) {
      return arrived.filter((m) => m.convId === convOf(peer) && textOf(m) !== '').map(seen);
    },
    async history(peer) {
      const out: Message[] = [];
      let anchor: Message | undefined;
      for (;;) {
        const page = await chatOf(client).history(convOf(peer), { limit: 7, ...(anchor ? { anchor } : {}), filter: { skipControl: true } });
        out.unshift(...page.messages);
        anchor = page.messages[0];
        if (!page.hasMore || !anchor) break;
      }
      return out.filter((m) => m.elements.some((e) => e.text)).map(seen);
    },
    async revoke(peer, id) {
      const m = client.messages(convOf(peer)).find((x) => x.clientMsgId === id);
      if (!m) throw new Error(`no message ${id}`);
      await chatOf(client).revoke(m);
    },
    async waitForRevoked(peer, id) {
      await until(() => client.messages(convOf(peer)).find((x) => x.clientMsgId === id)?.state, (s) => s === 1, `revoke of ${id} at ${userId}`);
    },
    async markRead(peer) {
      await chatOf(client).markRead(convOf(peer));
    },
    async unread(peer) {
      return client.conversation(convOf(peer))?.unreadCount ?? 0;
    },
    async close() {
      await client.close();
    },
  };
  return driver;
};
