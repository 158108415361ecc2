import { type ChatRoomObject, hummerPage } from '../../helpers/hummer.js';
import { type ChatDriver, type DriverFactory, type Feature, type Peer, type RoomSpec, type SeenText, until } from '../driver.js';

/** What the Hummer chatroom SDK can do of the scenario features: live rooms (no groups, history of 1:1, revoke or unread). */
export const HUMMER_FEATURES: ReadonlySet<Feature> = new Set<Feature>(['rooms']);

/** `P2PMessageReceived` as the scenarios read it. */
interface P2P {
  opUid: string;
  message: { content: string; uuid: string };
}

/** `GroupMessage` as the scenarios read it. */
interface RoomText {
  uid: string;
  content: string;
  requestId: string;
}

/**
 * The driver over the Hummer API (`@parley/compat-hummer`), used as a Hummer page would:
 * `createHummer` + `login` with a token, P2P messages one-to-one (`isOffline: true`), and ChatRoom
 * objects for live rooms (by their numeric `roomid`), sending and receiving `GroupMessage`s.
 */
export const hummerDriver: DriverFactory = async (h, userId) => {
  const page = await hummerPage(h, userId);
  const { hummer, mod } = page;
  const p2p = (): P2P[] => page.seen('P2PMessageReceived') as P2P[];
  const rooms = new Map<number, { room: ChatRoomObject; texts: RoomText[] }>();
  const joined = (room: RoomSpec) => {
    const entry = rooms.get(room.numericId);
    if (!entry) throw new Error(`not in room ${room.numericId}`);
    return entry;
  };
  const unsupported = (what: string) => Promise.reject(new Error(`Hummer has no ${what}`));
  const userOf = (peer: Peer) => {
    if (!('user' in peer)) throw new Error('Hummer has no groups');
    return peer.user;
  };
  const fromP2P = (m: P2P): SeenText => ({ id: m.message.uuid, from: m.opUid, text: m.message.content, revoked: false });
  const fromRoom = (m: RoomText): SeenText => ({ id: m.requestId, from: m.uid, text: m.content, revoked: false });
  const driver: ChatDriver = {
    vendor: 'hummer',
    userId,
    idKind: 'none',
    async sendText(to, text) {
      await hummer.sendP2PMessage({ receiver: userOf(to), message: mod.createMessage(mod.MsgType.TEXT, text), options: { isOffline: true }, appExtras: {} });
      return '';
    },
    async waitForText(peer, from, text) {
      const m = await until(() => p2p().find((x) => x.opUid === from && x.opUid === userOf(peer) && x.message.content === text), Boolean, `"${text}" from ${from} at Hummer user ${userId}`);
      return fromP2P(m as P2P);
    },
    async received(peer) {
      return p2p()
        .filter((x) => x.opUid === userOf(peer))
        .map(fromP2P);
    },
    history: () => unsupported('history of one-to-one messages'),
    revoke: () => unsupported('revoke'),
    waitForRevoked: () => unsupported('revoke'),
    markRead: () => unsupported('read marks'),
    unread: () => unsupported('unread counts'),
    rooms: {
      async join(room) {
        const chatroom = hummer.createChatRoomInstance({ region: 'cn', roomid: room.numericId });
        const texts: RoomText[] = [];
        chatroom.on('GroupMessage', ((data: RoomText) => texts.push(data)) as never);
        await chatroom.joinChatRoom({ joinProps: {} });
        rooms.set(room.numericId, { room: chatroom, texts });
      },
      async send(room, text) {
        await joined(room).room.sendGroupMessage({ content: text, kvExtra: {} });
      },
      async waitForText(room, from, text) {
        const m = await until(() => joined(room).texts.find((x) => x.uid === from && x.content === text), Boolean, `"${text}" from ${from} in room ${room.numericId} at Hummer user ${userId}`);
        return fromRoom(m as RoomText);
      },
      async received(room) {
        return joined(room).texts.map(fromRoom);
      },
      async leave(room) {
        await joined(room).room.leaveChatRoom();
        rooms.delete(room.numericId);
      },
    },
    async close() {
      await hummer.logout().catch(() => {});
    },
  };
  return driver;
};
