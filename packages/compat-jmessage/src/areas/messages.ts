/**
 * The messages area (jmessage.md §2.4, §3.2–3.3): sends, `getConversation`, `getResource`, and
 * the `onMsgReceive` / `onSyncConversation` wiring.
 */
export { getConversation } from './messages/conversations.js';
export { getResource } from './messages/resource.js';
export { sendGroupCustom, sendGroupFile, sendGroupLocation, sendGroupMsg, sendGroupPic, sendSingleCustom, sendSingleFile, sendSingleLocation, sendSingleMsg, sendSinglePic } from './messages/send.js';
export { messagesWiring } from './messages/wiring.js';
