/**
 * The messages area of tim-js-sdk that a chat page needs from its start: creating and sending
 * messages, finding a held one, and the message events. History pages, read marks and
 * receipts, extensions, merged messages, revoke, modify and delete load on their first call
 * (`messages/later.ts`; their argument checks are in `messages/checks.ts`). One file per
 * concern under `messages/`.
 */
export { createCustomMessage, createFaceMessage, createForwardMessage, createLocationMessage, createMergerMessage, createTextAtMessage, createTextMessage } from './messages/create.js';
export { createAudioMessage, createFileMessage, createImageMessage, createVideoMessage } from './messages/media.js';
export { resendMessage, sendMessage } from './messages/send.js';
export { findMessage } from './messages/state.js';
export { wireMessages } from './messages/wire.js';
