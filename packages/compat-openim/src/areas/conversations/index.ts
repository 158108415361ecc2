import type { Area } from '../../method.js';
import { wireConversations } from './events.js';
import { conversationMethods } from './methods.js';

/**
 * The conversations area of open-im-sdk 2.0.3 (openim.md §2.7, §3.4): the list and its order,
 * one or several conversations, delete, draft, pin, receive options, the unread total, and the
 * conversation events.
 */
export const conversationsArea: Area = { methods: conversationMethods, wirings: [wireConversations] };
