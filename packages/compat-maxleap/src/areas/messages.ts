/** Messages (maxleap.md §1.3, §3, §4.1–4.4): sending, the listeners, history, system messages and uploads. */
export { attachment } from './messages/attachment.js';
export { type ChatRecord, getGroupChat, getPassengerRecentChat, getRecentChat } from './messages/history.js';
export { type OutgoingMessage, sendMessage } from './messages/send.js';
export { sysToAll, sysToGroup, sysToRoom, sysToUser } from './messages/system.js';
export { messagesWiring } from './messages/wiring.js';
