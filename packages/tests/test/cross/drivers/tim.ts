import type { Message } from '@parley/compat-tim';
import { timPage } from '../../helpers/tim.js';
import { type ChatDriver, DEFAULT_FEATURES, type DriverFactory, type Feature, type Peer, type RoomSpec, type SeenText, until } from '../driver.js';

/** TIM offers every scenario feature, live rooms (AVChatRoom) included. */
export const TIM_FEATURES: ReadonlySet<Feature> = new Set<Feature>([...DEFAULT_FEATURES, 'rooms']);

type Msg = Pick<Message, 'ID' | 'from' | 'type' | 'payload' | 'isRevoked' | 'conversationID'>;

/** The driver over the TIM API (`@parley/compat-tim`), used exactly as a tim-js-sdk app would. */
export const timDriver: DriverFactory = async (h, userId) => {
  const { TIM, tim } = await timPage(h, userId);
  const conversationID = (peer: Peer) => ('user' in peer ? `C2C${peer.user}` : `GROUP${peer.group}`);
  const received: Msg[] = [];
  tim.on(TIM.EVENT.MESSAGE_RECEIVED, (event: { data: Msg[] }) => received.push(...event.data));
  const sent = new Map<string, Msg>();
  const isText = (m: Msg) => m.type === TIM.TYPES.MSG_TEXT;
  const seen = (m: Msg): SeenText => ({ id: m.ID, from: m.from, text: String(m.payload.text ?? ''), revoked: m.isRevoked });
  const page = async (peer: Peer) => {
    const out: Msg[] = [];
    let nextReqMessageID = '';
    for (;;) {
      const res = await tim.getMessageList({ conversationID: conversationID(peer), ...(nextReqMessageID ? { nextReqMessageID } : {}) });
      out.unshift(...(res.data.messageList as Msg[]));
      if (res.data.isCompleted) return out;
      nextReqMessageID = res.data.nextReqMessageID;
    }
  };
  const inRoom = (room: RoomSpec) => received.filter((x) => x.conversationID === `GROUP${room.id}` && isText(x));
  const driver: ChatDriver = {
    vendor: 'tim',
    userId,
    rooms: {
      async join(room) {
        await tim.joinGroup({ groupID: room.id, type: TIM.TYPES.GRP_AVCHATROOM });
      },
      async send(room, text) {
        await tim.sendMessage(tim.createTextMessage({ to: room.id, conversationType: TIM.TYPES.CONV_GROUP, payload: { text } }));
      },
      async waitForText(room, from, text) {
        const m = await until(() => inRoom(room).find((x) => x.from === from && x.payload.text === text), Boolean, `"${text}" from ${from} in room ${room.id} at TIM user ${userId}`);
        return seen(m as Msg);
      },
      async received(room) {
        return inRoom(room).map(seen);
      },
      async leave(room) {
        await tim.quitGroup(room.id);
      },
    },
    async sendText(to, text) {
      const conversationType = 'user' in to ? TIM.TYPES.CONV_C2C : TIM.TYPES.CONV_GROUP;
      const message = tim.createTextMessage({ to: 'user' in to ? to.user : to.group, conversationType, payload: { text } });
      const res = await tim.sendMessage(message);
      sent.set(message.ID, res.data.message);
      return message.ID;
    },
    async waitForText(peer, from, text) {
      const m = await until(
        () => received.find((x) => x.conversationID === conversationID(peer) && x.from === from && isText(x) && x.payload.text === text),
        Boolean,
        `"${text}" from ${from} at TIM user ${userId}`,
      );
      return seen(m as Msg);
    },
    async received(peer) {
      return received.filter((x) => x.conversationID === conversationID(peer) && isText(x)).map(seen);
    },
    async history(peer) {
      return (await page(peer)).filter(isText).map(seen);
    },
    async revoke(peer, id) {
      const message = sent.get(id) ?? (await page(peer)).find((m) => m.ID === id);
      if (!message) throw new Error(`no message ${id}`);
      await tim.revokeMessage(message as never);
    },
    async waitForRevoked(_peer, id) {
      const revoked: Msg[] = [];
      tim.on(TIM.EVENT.MESSAGE_REVOKED, (event: { data: Msg[] }) => revoked.push(...event.data));
      await until(() => revoked.some((m) => m.ID === id) || received.some((m) => m.ID === id && m.isRevoked), Boolean, `revoke of ${id} at TIM user ${userId}`);
    },
    async markRead(peer) {
      await tim.setMessageRead({ conversationID: conversationID(peer) });
    },
    async unread(peer) {
      const res = await tim.getConversationProfile(conversationID(peer));
      return res.data.conversation.unreadCount as number;
    },
    async close() {
      await tim.logout();
    },
  };
  return driver;
};
