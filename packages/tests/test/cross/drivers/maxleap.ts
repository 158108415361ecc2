import { mlPage } from '../../helpers/maxleap.js';
import { type ChatDriver, type DriverFactory, type Feature, type Peer, type SeenText, until } from '../driver.js';

/** What the MaxLeap IM SDK can do of the scenario features: groups (its history helpers page by time only; no revoke or unread). */
export const MAXLEAP_FEATURES: ReadonlySet<Feature> = new Set<Feature>(['groups']);

/** An `onMessage` payload as the scenarios read it. */
interface Incoming {
  from: { id: string; type?: number; gid?: string };
  content: { media: number; body: unknown };
  ts: number;
}

/**
 * The driver over the MaxLeap API (`@parley/compat-maxleap`), used as an `ML.im` page would:
 * a mode-1 login (`userId`), `toFriend(id).text(…).ok()` / `toGroup(id)…`, and `onMessage`.
 * Sends are fire and forget in this SDK, so there is no id to compare.
 */
export const maxleapDriver: DriverFactory = async (h, userId) => {
  const page = await mlPage(h, { userId });
  const { im } = page;
  const incoming = (): Incoming[] => page.messages as unknown as Incoming[];
  const inConversation = (peer: Peer, m: Incoming) => ('user' in peer ? (m.from.type ?? 0) === 0 && m.from.id === peer.user : m.from.type === 1 && m.from.gid === peer.group);
  const texts = (peer: Peer) => incoming().filter((m) => inConversation(peer, m) && m.content.media === 0);
  const seen = (m: Incoming): SeenText => ({ id: '', from: m.from.id, text: String(m.content.body), revoked: false });
  const unsupported = (what: string) => Promise.reject(new Error(`MaxLeap has no ${what}`));
  const driver: ChatDriver = {
    vendor: 'maxleap',
    userId,
    idKind: 'none',
    async sendText(to, text) {
      ('user' in to ? im.toFriend(to.user) : im.toGroup(to.group)).text(text).ok();
      return '';
    },
    async waitForText(peer, from, text) {
      const m = await until(() => texts(peer).find((x) => x.from.id === from && x.content.body === text), Boolean, `"${text}" from ${from} at MaxLeap user ${userId}`);
      return seen(m as Incoming);
    },
    async received(peer) {
      return texts(peer).map(seen);
    },
    history: () => unsupported('history paging in the scenarios'),
    revoke: () => unsupported('revoke'),
    waitForRevoked: () => unsupported('revoke'),
    markRead: () => unsupported('read marks'),
    unread: () => unsupported('unread counts'),
    async close() {},
  };
  return driver;
};
