import { type Client, chatOf, createText, fallbackText, groupsOf, isPeerRead, type Message, mediaOf, type PushFrame } from '@parley/core';
import { isValidUserId, USER_ID_PATTERN } from './credentials.js';
import { h, on, shortTime } from './dom.js';
import { ImageComposer, imageElement, imageOf } from './media.js';
import { peerOf, titleOf, userName } from './names.js';

const STATUS_LABEL: Record<string, string> = { pending: 'Sending…', sent: 'Sent', failed: 'Not sent' };
/** How long a typing notice shows without a fresh one. */
const TYPING_SHOWN_MS = 5_000;
/** At most one typing signal per this interval while the user types. */
const TYPING_EVERY_MS = 3_000;
/** Loading older messages starts when the list is scrolled this close to its top. */
const NEAR_TOP_PX = 40;

/**
 * The message view of one conversation: history with scrolling back, own messages going
 * pending → sent (or failed, with a retry button), read marks, a typing notice, and the
 * composer (Enter sends). Every piece of message text is set as text, never parsed as HTML.
 */
export class ChatView {
  readonly element: HTMLElement;
  readonly #title: HTMLElement;
  readonly #typing: HTMLElement;
  readonly #scroller: HTMLElement;
  readonly #list: HTMLOListElement;
  readonly #older: HTMLButtonElement;
  readonly #input: HTMLInputElement;
  readonly #form: HTMLFormElement;
  #convId = '';
  #exhausted = false;
  #loading = false;
  #marking = false;
  #typingTimer: ReturnType<typeof setTimeout> | undefined;
  #lastTypingSent = 0;
  readonly #image: ImageComposer;
  /** Local previews of own images being sent, by client message id (object URLs). */
  readonly #localImages = new Map<string, string>();
  /** Upload progress of own images being sent, by client message id. */
  readonly #progress = new Map<string, number>();
  /** Image elements by URL, kept across renders so a re-render does not reload them. */
  readonly #images = new Map<string, HTMLElement>();
  readonly #invite: HTMLFormElement;
  readonly #inviteStatus: HTMLElement;

  constructor(
    private readonly client: Client,
    /** The signed-in user: known before the server answers (`client.userId` is not). */
    private readonly userId: string,
    back: () => void,
  ) {
    this.#title = h('h2', { class: 'chat-title', id: 'chat-title', 'data-testid': 'chat-title' });
    this.#typing = h('p', { class: 'typing', 'data-testid': 'typing', 'aria-live': 'polite' });
    const backButton = on(h('button', { type: 'button', class: 'back', 'data-testid': 'back', 'aria-label': 'Back to conversations' }, '‹'), 'click', back);
    this.#older = on(h('button', { type: 'button', class: 'older', 'data-testid': 'load-older' }, 'Load older messages'), 'click', () => void this.loadOlder());
    this.#list = h('ol', { class: 'messages', 'data-testid': 'messages', 'aria-label': 'Messages' });
    this.#scroller = h('div', { class: 'scroller', tabindex: '0', 'aria-labelledby': 'chat-title' }, this.#older, this.#list);
    on(this.#scroller, 'scroll', () => {
      if (this.#scroller.scrollTop < NEAR_TOP_PX) void this.loadOlder();
    });
    this.#input = h('input', { id: 'composer', 'data-testid': 'composer', autocomplete: 'off', placeholder: 'Write a message', 'aria-label': 'Message', maxlength: '4000' });
    on(this.#input, 'input', () => this.#sendTyping());
    this.#image = new ImageComposer(
      client,
      () => this.#convId,
      (id, url) => {
        this.#localImages.set(id, url);
        this.#progress.set(id, 0);
        this.render(true);
      },
      (id, fraction) => this.#setProgress(id, fraction),
    );
    this.#form = h('form', { class: 'composer', 'aria-label': 'Send a message' }, this.#image.attach, this.#input, h('button', { type: 'submit', 'data-testid': 'send' }, 'Send'));
    on(this.#form, 'submit', (event) => {
      event.preventDefault();
      this.#send();
    });
    const inviteInput = h('input', { id: 'invite-user', 'data-testid': 'invite-user', placeholder: 'user id', required: true, pattern: USER_ID_PATTERN, maxlength: '32', autocomplete: 'off', 'aria-label': 'User to invite' });
    this.#inviteStatus = h('span', { class: 'invite-status', role: 'status', 'data-testid': 'invite-status' });
    this.#invite = h('form', { class: 'invite', 'aria-label': 'Invite to this group', hidden: true }, inviteInput, h('button', { type: 'submit', 'data-testid': 'invite' }, 'Invite'), this.#inviteStatus);
    on(this.#invite, 'submit', (event) => {
      event.preventDefault();
      void this.#inviteUser(inviteInput);
    });
    this.element = h(
      'section',
      { class: 'chat-pane', 'aria-labelledby': 'chat-title', 'data-testid': 'chat' },
      h('header', { class: 'chat-header' }, backButton, h('div', {}, this.#title, this.#typing), this.#invite),
      this.#scroller,
      h('div', { class: 'composer-area' }, this.#image.preview, this.#form),
    );
    this.#setEnabled(false);
  }

  get convId(): string {
    return this.#convId;
  }

  /** Shows a conversation ('' shows none). */
  open(convId: string): void {
    if (convId === this.#convId) return;
    this.#convId = convId;
    this.#exhausted = false;
    this.#images.clear();
    this.#typing.textContent = '';
    this.#invite.hidden = !convId.startsWith('group:');
    this.#inviteStatus.textContent = '';
    this.element.dataset.convId = convId;
    this.#setEnabled(convId !== '');
    this.render(true);
    if (convId && this.client.messages(convId).length < 20) void this.loadOlder();
    if (convId) this.#input.focus();
  }

  /** Renders the messages again (after any change of this conversation). */
  render(toBottom = false): void {
    const convId = this.#convId;
    const row = convId ? this.client.conversation(convId) : undefined;
    this.#title.textContent = convId ? titleOf(this.client, convId, row) : 'Pick a conversation';
    const near = this.#scroller.scrollHeight - this.#scroller.scrollTop - this.#scroller.clientHeight < 80;
    const messages = convId ? this.client.messages(convId) : [];
    // Seq 1 (or the first after a clear) loaded: there is nothing older to fetch.
    const first = messages.find((m) => m.seq > 0);
    if (first && first.seq <= (row?.clearedSeq ?? 0) + 1) this.#exhausted = true;
    this.#list.replaceChildren(...messages.map((m) => this.#item(m)));
    this.#older.hidden = !convId || this.#exhausted;
    if (toBottom || near) this.#scroller.scrollTop = this.#scroller.scrollHeight;
    this.markRead();
  }

  /** Loads a page of older messages (cache first, then the server), keeping the view in place. */
  async loadOlder(): Promise<void> {
    const convId = this.#convId;
    if (!convId || this.#loading || this.#exhausted) return;
    this.#loading = true;
    this.#older.disabled = true;
    const fromBottom = this.#scroller.scrollHeight - this.#scroller.scrollTop;
    try {
      const added = await this.client.loadOlder(convId, 20);
      if (convId !== this.#convId) return;
      if (added === 0) this.#exhausted = true;
      this.render();
      this.#scroller.scrollTop = this.#scroller.scrollHeight - fromBottom;
    } catch {
      // Offline or refused: the button stays for another try.
    } finally {
      this.#loading = false;
      this.#older.disabled = false;
    }
  }

  /** Marks the open conversation read while it is on screen. */
  markRead(): void {
    const row = this.#convId ? this.client.conversation(this.#convId) : undefined;
    if (!row || row.unreadCount === 0 || this.#marking || this.client.state !== 'ready' || document.visibilityState !== 'visible') return;
    this.#marking = true;
    chatOf(this.client)
      .markRead(row.convId)
      .catch(() => {})
      .finally(() => {
        this.#marking = false;
      });
  }

  /** A push: shows the peer's typing notice. */
  push(push: PushFrame): void {
    const from = push.typing?.fromId;
    if (!from || peerOf(this.#convId) !== from) return;
    this.#typing.textContent = `${userName(this.client, from)} is typing…`;
    clearTimeout(this.#typingTimer);
    this.#typingTimer = setTimeout(() => {
      this.#typing.textContent = '';
    }, TYPING_SHOWN_MS);
  }

  /** The peer's message arrived: the typing notice is over. */
  clearTyping(): void {
    clearTimeout(this.#typingTimer);
    this.#typing.textContent = '';
  }

  #setEnabled(enabled: boolean): void {
    this.#input.disabled = !enabled;
    this.#image.setEnabled(enabled);
    for (const button of this.#form.querySelectorAll('button')) button.disabled = !enabled;
    this.element.classList.toggle('empty', !enabled);
  }

  #send(): void {
    const text = this.#input.value;
    if (!this.#convId || text.trim() === '') return;
    this.#input.value = '';
    // A refused send turns the message `failed` (the `messageUpdated` event); the retry button sends it again.
    this.client.send({ convId: this.#convId, ...createText(text) }).catch(() => {});
    this.render(true);
  }

  #sendTyping(): void {
    const peer = peerOf(this.#convId);
    const now = Date.now();
    if (!peer || this.client.state !== 'ready' || now - this.#lastTypingSent < TYPING_EVERY_MS || this.#input.value === '') return;
    this.#lastTypingSent = now;
    chatOf(this.client)
      .typing(peer)
      .catch(() => {});
  }

  #item(message: Message): HTMLLIElement {
    const mine = message.senderId === this.userId;
    const row = this.client.conversation(message.convId);
    const read = mine && message.status === 'sent' && isPeerRead(message, row);
    const status = read ? 'Read' : (STATUS_LABEL[message.status] ?? message.status);
    const retry =
      message.status === 'failed'
        ? on(h('button', { type: 'button', class: 'retry', 'data-testid': 'retry', 'aria-label': 'Send again' }, 'Retry'), 'click', () => {
            mediaOf(this.client)
              .resend(message.clientMsgId, { onProgress: (f) => this.#setProgress(message.clientMsgId, f) })
              .catch(() => {});
          })
        : null;
    const reason = message.status === 'failed' && message.error ? h('span', { class: 'reason', 'data-testid': 'message-error' }, message.error.message) : null;
    const sender = !mine && !message.convId.startsWith('c2c:') ? h('span', { class: 'sender' }, userName(this.client, message.senderId)) : null;
    return h(
      'li',
      {
        // Group tips ("alice invited dave") are the group's notices, not anyone's chat bubble.
        class: message.elements.some((e) => e.groupTip) ? 'message tip' : `message ${mine ? 'mine' : 'theirs'}`,
        'data-testid': 'message',
        'data-status': message.status,
        'data-read': read ? 'true' : undefined,
        'data-client-msg-id': message.clientMsgId,
        'data-seq': String(message.seq),
        'data-sender': message.senderId,
        'data-kind': imageOf(this.client, message) ? 'image' : 'text',
      },
      sender,
      this.#body(message),
      reason,
      h('span', { class: 'meta' }, h('time', {}, shortTime(message.time)), mine ? h('span', { class: 'status', 'data-testid': 'message-status' }, status) : null, retry),
    );
  }

  /** Adds a user to the open group; the group shows up in their list through the change stream. */
  async #inviteUser(input: HTMLInputElement): Promise<void> {
    const userId = input.value.trim();
    const groupId = this.#convId.startsWith('group:') ? this.#convId.slice(6) : '';
    if (!groupId || !isValidUserId(userId)) return;
    this.#inviteStatus.textContent = 'Inviting…';
    try {
      const result = await groupsOf(this.client).addMembers(groupId, [userId]);
      if (result.success.includes(userId)) {
        input.value = '';
        this.#inviteStatus.textContent = `${userId} added`;
      } else this.#inviteStatus.textContent = result.existed.includes(userId) ? `${userId} is already a member` : `Could not add ${userId}`;
    } catch (error) {
      this.#inviteStatus.textContent = `Could not add ${userId}: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  #setProgress(clientMsgId: string, fraction: number): void {
    this.#progress.set(clientMsgId, fraction);
    this.render();
  }

  /** The message's content: its text, or its image (the local preview while it uploads). */
  #body(message: Message): HTMLElement {
    const image = imageOf(this.client, message);
    if (!image) return h('span', { class: 'text', 'data-testid': 'message-text' }, fallbackText(message));
    const local = this.#localImages.get(message.clientMsgId);
    if (image.url && local) {
      // The server's URL is here: the local preview is no longer needed.
      URL.revokeObjectURL(local);
      this.#localImages.delete(message.clientMsgId);
      this.#progress.delete(message.clientMsgId);
    }
    const url = image.url || this.#localImages.get(message.clientMsgId) || '';
    let img = url ? this.#images.get(url) : undefined;
    if (url && !img) {
      img = imageElement(url, image.name);
      this.#images.set(url, img);
    }
    const fraction = this.#progress.get(message.clientMsgId);
    const uploading = message.status === 'pending' && fraction !== undefined ? h('span', { class: 'upload-progress', 'data-testid': 'upload-progress' }, `Uploading ${Math.round(fraction * 100)}%`) : null;
    return h('span', { class: 'image-body' }, img ?? h('span', { class: 'image-fallback', 'data-testid': 'image-fallback' }, `Image: ${image.name}`), uploading);
  }
}
