import { jmPage, ok } from '../../helpers/jmessage.js';
import { type ChatDriver, type DriverFactory, type Feature, type Peer, type SeenText, until } from '../driver.js';

/** What JMessage v2 can do of the optional scenario features: groups (no history paging, revoke, unread or rooms in this version). */
export const JMESSAGE_FEATURES: ReadonlySet<Feature> = new Set<Feature>(['groups']);

/** One `onMsgReceive` item, as the scenarios read it. */
interface Item {
  msg_id: number;
  msg_type: number;
  from_gid?: number;
  from_username?: string;
  content: { from_id: string; target_id: string; msg_type: string; msg_body: { text?: string } };
}

/**
 * The driver over the JMessage Web SDK v2 API (`@parley/compat-jmessage`), used as a JMessage page
 * would: `init` with a signed payload, `login` with username and password (`pw-<userId>`, as
 * `registerUser` sets it), `sendSingleMsg`/`sendGroupMsg`, and `onMsgReceive`. Group ids are the
 * numeric `gid`s (the tenant uses numeric group ids).
 */
export const jmessageDriver: DriverFactory = async (h, userId) => {
  const page = await jmPage(h, userId, { register: false, password: `pw-${userId}` });
  const { jim } = page;
  const items = (): Item[] => page.msgs.flatMap((data) => (data as { messages: Item[] }).messages);
  const inConversation = (peer: Peer, m: Item) =>
    'user' in peer ? m.msg_type === 3 && m.content.from_id === peer.user : m.msg_type === 4 && String(m.from_gid) === peer.group;
  const seen = (m: Item): SeenText => ({ id: String(m.msg_id), from: m.content.from_id, text: m.content.msg_body.text ?? '', revoked: false });
  const texts = (peer: Peer) => items().filter((m) => inConversation(peer, m) && m.content.msg_type === 'text');
  const unsupported = (what: string) => Promise.reject(new Error(`JMessage v2 has no ${what}`));
  const driver: ChatDriver = {
    vendor: 'jmessage',
    userId,
    idKind: 'server',
    async sendText(to, text) {
      const handle = 'user' in to ? jim.sendSingleMsg({ target_username: to.user, content: text }) : jim.sendGroupMsg({ target_gid: to.group, content: text });
      const { data } = await ok(handle);
      return String(data.msg_id);
    },
    async waitForText(peer, from, text) {
      const m = await until(() => texts(peer).find((x) => x.content.from_id === from && x.content.msg_body.text === text), Boolean, `"${text}" from ${from} at JMessage user ${userId}`);
      return seen(m as Item);
    },
    async received(peer) {
      return texts(peer).map(seen);
    },
    history: () => unsupported('history paging'),
    revoke: () => unsupported('revoke'),
    waitForRevoked: () => unsupported('revoke'),
    markRead: () => unsupported('read marks'),
    unread: () => unsupported('unread counts'),
    async close() {
      jim.loginOut();
    },
  };
  return driver;
};
