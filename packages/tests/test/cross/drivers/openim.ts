import { openimPage, type WsResponse } from '../../helpers/openim.js';
import { type ChatDriver, type DriverFactory, type Peer, type SeenText, until } from '../driver.js';

/** The fields of an OpenIM 2.x MessageItem the scenarios read. */
interface Item {
  clientMsgID: string;
  sendID: string;
  recvID: string;
  groupID: string;
  sessionType: number;
  contentType: number;
  content: string;
  status: number;
}

const TEXT = 101;
const REVOKE_TIP = 111;

/** The driver over the OpenIM 2.x API (`@parley/compat-openim`), used exactly as an open-im-sdk app would. */
export const openimDriver: DriverFactory = async (h, userId) => {
  const { sdk, mod } = await openimPage(h, userId);
  const CbEvents = mod.CbEvents;
  const received: Item[] = [];
  const revoked = new Set<string>();
  sdk.on(CbEvents.ONRECVNEWMESSAGE, (res: WsResponse) => received.push(JSON.parse(res.data) as Item));
  sdk.on(CbEvents.ONRECVMESSAGEREVOKED, (res: WsResponse) => revoked.add(res.data));
  const inConversation = (peer: Peer, m: Item) =>
    'user' in peer ? m.sessionType === 1 && (m.sendID === peer.user || m.recvID === peer.user) : m.sessionType === 2 && m.groupID === peer.group;
  const target = (peer: Peer) => ('user' in peer ? { userID: peer.user, groupID: '' } : { userID: '', groupID: peer.group });
  const seen = (m: Item): SeenText => ({ id: m.clientMsgID, from: m.sendID, text: m.content, revoked: revoked.has(m.clientMsgID) });
  const page = async (peer: Peer): Promise<Item[]> => {
    const out: Item[] = [];
    let startClientMsgID = '';
    for (;;) {
      const res = (await sdk.getHistoryMessageList({ ...target(peer), startClientMsgID, count: 10 })) as WsResponse;
      const items = JSON.parse(res.data) as Item[];
      out.unshift(...items);
      if (items.length < 10) return out;
      startClientMsgID = items[0]?.clientMsgID ?? '';
    }
  };
  const conversationID = (peer: Peer) => ('user' in peer ? `single_${peer.user}` : `group_${peer.group}`);
  const driver: ChatDriver = {
    vendor: 'openim',
    userId,
    async sendText(to, text) {
      const created = (await sdk.createTextMessage(text)) as WsResponse;
      const t = target(to);
      const res = (await sdk.sendMessage({ recvID: t.userID, groupID: t.groupID, message: created.data })) as WsResponse;
      return (JSON.parse(res.data) as Item).clientMsgID;
    },
    async waitForText(peer, from, text) {
      const m = await until(
        () => received.find((x) => inConversation(peer, x) && x.sendID === from && x.contentType === TEXT && x.content === text),
        Boolean,
        `"${text}" from ${from} at OpenIM user ${userId}`,
      );
      return seen(m as Item);
    },
    async received(peer) {
      return received.filter((x) => inConversation(peer, x) && x.contentType === TEXT).map(seen);
    },
    async history(peer) {
      // A revoked original stands as its 111 tip, whose content is the original's clientMsgID.
      const out: SeenText[] = [];
      for (const m of await page(peer)) {
        if (m.contentType === TEXT) out.push(seen(m));
        else if (m.contentType === REVOKE_TIP) out.push({ id: m.content, from: m.sendID, text: '', revoked: true });
      }
      return out;
    },
    async revoke(peer, id) {
      const message = (await page(peer)).find((m) => m.clientMsgID === id);
      if (!message) throw new Error(`no message ${id}`);
      await sdk.revokeMessage(JSON.stringify(message));
    },
    async waitForRevoked(_peer, id) {
      await until(() => revoked.has(id), Boolean, `revoke of ${id} at OpenIM user ${userId}`);
    },
    async markRead(peer) {
      if ('user' in peer) await sdk.markC2CMessageAsRead({ userID: peer.user, msgIDList: [] });
      else await sdk.markGroupMessageHasRead(peer.group);
    },
    async unread(peer) {
      const res = (await sdk.getMultipleConversation([conversationID(peer)])) as WsResponse;
      const [conv] = JSON.parse(res.data) as Array<{ unreadCount: number }>;
      return conv?.unreadCount ?? 0;
    },
    async close() {
      await sdk.logout();
    },
  };
  return driver;
};
