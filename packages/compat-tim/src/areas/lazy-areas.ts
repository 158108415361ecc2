/**
 * The API areas that load on their first call, each behind one dynamic `import()`: what a chat
 * page needs from its start (login, events, the conversation list, receiving, creating and
 * sending messages) is in the page's first download, the rest comes when a method needs it.
 */
import { LazyArea } from '../lazy.js';

/** History pages, read marks, receipts, extensions, merged messages, revoke, modify, delete. */
export const messagesLater = new LazyArea(() => import('./messages/later.js'));
/** A conversation's profile, per-conversation settings, deletion, read-all, conversation groups. */
export const conversationsLater = new LazyArea(() => import('./conversations/later.js'));
/** Groups, AVChatRooms, members, applications, attributes, counters, communities and topics. */
export const groupsArea = new LazyArea(() => import('./groups.js'));
/** Profiles, the blacklist, user status, friends, friend requests and friend groups. */
export const relationsArea = new LazyArea(() => import('./relations.js'));
/** Messages with files: uploads and their progress (the core's media area). */
export const uploads = new LazyArea(() => import('./messages/upload.js'));

/**
 * Loads every area now instead of on its first call: for an app that prefers one download up
 * front to a short wait on a first call, and for tests that load several copies of the package.
 */
export async function preload(): Promise<void> {
  await Promise.all([messagesLater, conversationsLater, groupsArea, relationsArea, uploads].map((area) => area.load()));
}
