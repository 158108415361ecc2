import { type Client, contactsOf, groupsOf } from '@parley/core';
import { Banner } from './banner.js';
import { ChatView } from './chat.js';
import { forget } from './credentials.js';
import { h, on } from './dom.js';
import { ConversationList } from './list.js';
import { peerOf } from './names.js';
import { RoomView } from './room.js';
import { signIn } from './session.js';
import { joinRoomForm, newGroupForm } from './tools.js';

/**
 * The signed-in app: header, connection banner, conversation list and message view. It
 * listens to the client and re-renders the parts an event touches, at most once per frame.
 */
export class ChatApp {
  readonly element: HTMLElement;
  readonly #list: ConversationList;
  readonly #chat: ChatView;
  readonly #room: RoomView;
  readonly #banner: Banner;
  readonly #unsubscribe: Array<() => void> = [];
  #listDirty = false;
  #chatDirty = false;
  #frame = 0;
  /** Peers whose presence this tab follows. */
  readonly #watched = new Set<string>();
  /** Groups whose profile this tab asked for (a conversation can arrive before its group syncs). */
  readonly #asked = new Set<string>();

  constructor(
    private readonly client: Client,
    private readonly userId: string,
    private readonly signedOut: () => void,
  ) {
    const open = (convId: string) => this.open(convId);
    this.#room = new RoomView(client, userId, () => this.#showRoom(false));
    this.#list = new ConversationList(client, open, [
      newGroupForm(client, open),
      joinRoomForm(client, (room) => {
        this.open('');
        this.#room.show(room);
        this.#showRoom(true);
      }),
    ]);
    this.#chat = new ChatView(client, userId, () => this.open(''));
    this.#banner = new Banner(() => void this.#reclaim());
    const signOut = on(h('button', { type: 'button', 'data-testid': 'signout' }, 'Sign out'), 'click', () => void this.signOut());
    const header = h('header', { class: 'top' }, h('h1', {}, 'Parley'), h('span', { class: 'me', 'data-testid': 'me' }, `Signed in as ${userId}`), signOut);
    this.element = h('div', { class: 'app', 'data-testid': 'chat-app' }, header, this.#banner.element, h('div', { class: 'panes' }, this.#list.element, this.#chat.element, this.#room.element));
    this.#wire();
  }

  /** Opens a conversation ('' goes back to the list on a phone). */
  open(convId: string): void {
    // A room is live only while its view holds it: opening a conversation leaves it.
    if (convId !== '' && this.#room.room) void this.#room.leave();
    this.element.classList.toggle('show-chat', convId !== '');
    this.#list.select(convId);
    this.#chat.open(convId);
  }

  /** Shows the room view in place of the message view (or goes back). */
  #showRoom(shown: boolean): void {
    this.element.classList.toggle('show-room', shown);
    if (shown) this.element.classList.add('show-chat');
    else if (this.#chat.convId === '') this.element.classList.remove('show-chat');
  }

  async signOut(): Promise<void> {
    this.close();
    forget();
    await this.client.logout().catch(() => {});
    await this.client.close().catch(() => {});
    this.signedOut();
  }

  /** Stops listening (the client is closed by the caller). */
  close(): void {
    for (const off of this.#unsubscribe.splice(0)) off();
    cancelAnimationFrame(this.#frame);
  }

  #wire(): void {
    const c = this.client;
    const online = () => navigator.onLine !== false;
    const banner = () => this.#banner.update(c.state, online());
    const offline = () => banner();
    window.addEventListener('online', offline);
    window.addEventListener('offline', offline);
    const visible = () => this.#chat.markRead();
    document.addEventListener('visibilitychange', visible);
    this.#unsubscribe.push(
      () => window.removeEventListener('online', offline),
      () => window.removeEventListener('offline', offline),
      () => document.removeEventListener('visibilitychange', visible),
      c.on('state', (state) => {
        this.element.dataset.state = state;
        banner();
        if (state === 'ready') {
          this.#chat.markRead();
          this.#watchPresence();
          this.#fetchGroups();
        }
      }),
      c.on('hydrated', () => {
        this.element.dataset.hydrated = 'true';
        this.#schedule(true, true);
      }),
      c.on('conversations', () => {
        this.#schedule(true, true);
        this.#watchPresence();
        this.#fetchGroups();
      }),
      c.on('groups', () => this.#schedule(true, false)),
      c.on('profiles', () => this.#schedule(true, true)),
      c.on('messages', (convId, messages) => {
        if (convId !== this.#chat.convId) return;
        if (messages.some((m) => m.senderId !== c.userId)) this.#chat.clearTyping();
        this.#schedule(false, true);
      }),
      c.on('messageUpdated', (message) => {
        if (message.convId === this.#chat.convId) this.#schedule(false, true);
      }),
      c.on('push', (push) => {
        this.#chat.push(push);
        if (push.presence) this.#schedule(true, false);
      }),
    );
    this.element.dataset.state = c.state;
    banner();
  }

  #schedule(list: boolean, chat: boolean): void {
    this.#listDirty ||= list;
    this.#chatDirty ||= chat;
    if (this.#frame) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      if (this.#listDirty) this.#list.render();
      if (this.#chatDirty) this.#chat.render();
      this.#listDirty = this.#chatDirty = false;
    });
  }

  /** Subscribes to the presence of C2C peers in the list (once each; unknown users are skipped). */
  #watchPresence(): void {
    if (this.client.state !== 'ready') return;
    for (const row of this.client.conversations()) {
      const peer = peerOf(row.convId);
      if (peer === undefined || this.#watched.has(peer)) continue;
      this.#watched.add(peer);
      contactsOf(this.client)
        .subscribePresence([peer])
        .then(() => this.#schedule(true, false))
        .catch(() => this.#watched.delete(peer));
    }
  }

  /**
   * Fetches the profiles of groups in the list that the store does not hold yet (a group one was
   * just added to shows up as a conversation first), so the list shows their names.
   */
  #fetchGroups(): void {
    if (this.client.state !== 'ready') return;
    const missing = this.client
      .conversations()
      .filter((row) => row.convId.startsWith('group:'))
      .map((row) => row.convId.slice(6))
      .filter((groupId) => !this.#asked.has(groupId) && !groupsOf(this.client).group(groupId));
    if (missing.length === 0) return;
    for (const groupId of missing) this.#asked.add(groupId);
    groupsOf(this.client)
      .get(missing)
      .then(() => this.#schedule(true, true))
      .catch(() => {
        for (const groupId of missing) this.#asked.delete(groupId);
      });
  }

  /** After a kick: sign this tab in again (which, in turn, signs the other one out). */
  async #reclaim(): Promise<void> {
    await signIn(this.client, this.userId).catch(() => this.#banner.update(this.client.state, navigator.onLine !== false));
  }
}
