/**
 * The messages area of tim-js-sdk: creating, sending, revoking, modifying and deleting
 * messages, history pages, read marks and receipts, extensions, merged messages, and the
 * message events. One file per concern under `messages/`.
 */
export { createCustomMessage, createFaceMessage, createForwardMessage, createLocationMessage, createMergerMessage, createTextAtMessage, createTextMessage } from './messages/create.js';
export { deleteMessageExtensions, downloadMergeMessage, getGroupMessageReadMemberList, getMessageExtensions, getMessageReadReceiptList, sendMessageReadReceipt, setMessageExtensions, translateText } from './messages/extras.js';
export { findMessage, getMessageList, getMessageListHopping, setMessageRead } from './messages/list.js';
export { createAudioMessage, createFileMessage, createImageMessage, createVideoMessage } from './messages/media.js';
export { deleteMessage, modifyMessage, resendMessage, revokeMessage, sendMessage } from './messages/send.js';
export { wireMessages } from './messages/wire.js';
