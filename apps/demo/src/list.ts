import { type Client, type Conversation, contactsOf, fallbackText, PresenceStatus } from '@parley/core';
import { isValidUserId, USER_ID_PATTERN } from './credentials.js';
import { h, on, shortTime } from './dom.js';
import { peerOf, titleOf } from './names.js';

/**
 * The conversation list (C2C and groups, pinned first, then newest) with unread badges, the
 * last message and its time, and a "new chat" field that opens a C2C conversation by user id.
 */
export class ConversationList {
  readonly element: HTMLElement;
  readonly #list: HTMLUListElement;
  readonly #empty: HTMLElement;
  #current = '';

  constructor(
    private readonly client: Client,
    private readonly open: (convId: string) => void,
    /** More forms under "new chat" (new group, join room). */
    tools: readonly HTMLElement[] = [],
  ) {
    const input = h('input', { id: 'new-chat', 'data-testid': 'new-chat', placeholder: 'user id', required: true, pattern: USER_ID_PATTERN, maxlength: '32', autocomplete: 'off' });
    const form = h(
      'form',
      { class: 'new-chat', 'aria-label': 'New chat' },
      h('label', { for: 'new-chat' }, 'New chat with'),
      input,
      h('button', { type: 'submit', 'data-testid': 'new-chat-submit' }, 'Open'),
    );
    on(form, 'submit', (event) => {
      event.preventDefault();
      const peer = input.value.trim();
      if (!isValidUserId(peer)) return;
      input.value = '';
      this.open(`c2c:${peer}`);
    });
    this.#list = h('ul', { class: 'conversations', 'data-testid': 'conversations', 'aria-label': 'Conversations' });
    this.#empty = h('p', { class: 'empty' }, 'No conversations yet. Start one above.');
    this.element = h('nav', { class: 'list-pane', 'aria-label': 'Conversations' }, form, ...tools, this.#empty, this.#list);
  }

  /** Highlights the open conversation. */
  select(convId: string): void {
    this.#current = convId;
    this.render();
  }

  render(): void {
    const rows = this.client.conversations().filter((row) => row.convId.startsWith('c2c:') || row.convId.startsWith('group:'));
    this.#empty.hidden = rows.length > 0;
    this.#list.replaceChildren(...rows.map((row) => this.#item(row)));
  }

  #item(row: Conversation): HTMLLIElement {
    const title = titleOf(this.client, row.convId, row);
    const last = row.lastMessage;
    const lastText = last ? fallbackText(last) : '';
    const unread = row.unreadCount > 0 ? h('span', { class: 'badge', 'data-testid': 'unread', 'aria-label': `${row.unreadCount} unread` }, String(row.unreadCount)) : null;
    const selected = row.convId === this.#current;
    const peer = peerOf(row.convId);
    const presence = peer === undefined ? undefined : contactsOf(this.client).presence(peer)?.status;
    const online = presence === PresenceStatus.ONLINE;
    const dot = peer === undefined ? null : h('span', { class: `presence ${online ? 'online' : 'offline'}`, 'data-testid': 'presence', 'data-presence': online ? 'online' : 'offline', role: 'img', 'aria-label': online ? 'online' : 'offline' });
    const button = h(
      'button',
      { type: 'button', class: 'conv-button', 'aria-current': selected ? 'true' : undefined },
      h('span', { class: 'conv-title', 'data-testid': 'conversation-title' }, dot, title),
      h('time', { class: 'conv-time' }, shortTime(row.lastMessageAt || last?.time || 0)),
      h('span', { class: 'conv-last', 'data-testid': 'conversation-last' }, lastText),
      unread,
    );
    on(button, 'click', () => this.open(row.convId));
    return h('li', { class: selected ? 'conversation selected' : 'conversation', 'data-testid': 'conversation', 'data-conv-id': row.convId, 'data-unread': String(row.unreadCount) }, button);
  }
}
