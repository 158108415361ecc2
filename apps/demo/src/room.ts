import { type Client, createText, fallbackText, type Message, type RoomHandle } from '@parley/core';
import { h, on, shortTime } from './dom.js';
import { userName } from './names.js';

/** A live room keeps no history here: the view shows at most this many recent messages. */
const MAX_SHOWN = 200;

/**
 * The view of one live room: its name and id, the live member count, messages both ways (as
 * text) and leaving. Rooms are live only, so the messages are the ones seen since entering.
 */
export class RoomView {
  readonly element: HTMLElement;
  readonly #title: HTMLElement;
  readonly #id: HTMLElement;
  readonly #count: HTMLElement;
  readonly #list: HTMLOListElement;
  readonly #scroller: HTMLElement;
  readonly #input: HTMLInputElement;
  readonly #status: HTMLElement;
  #room: RoomHandle | undefined;
  #off: Array<() => void> = [];

  constructor(
    private readonly client: Client,
    private readonly userId: string,
    /** Called after the room is left (by the user, or because the handle closed). */
    private readonly closed: () => void,
  ) {
    this.#title = h('h2', { class: 'chat-title', id: 'room-title', 'data-testid': 'room-title' });
    this.#id = h('code', { 'data-testid': 'room-id-shown' });
    this.#count = h('span', { class: 'room-count', 'data-testid': 'room-count', 'aria-live': 'polite' });
    const leave = on(h('button', { type: 'button', class: 'secondary', 'data-testid': 'leave-room' }, 'Leave'), 'click', () => void this.leave());
    this.#list = h('ol', { class: 'messages', 'data-testid': 'room-messages', 'aria-label': 'Room messages' });
    this.#scroller = h('div', { class: 'scroller', tabindex: '0', 'aria-labelledby': 'room-title' }, this.#list);
    this.#input = h('input', { id: 'room-composer', 'data-testid': 'room-composer', autocomplete: 'off', placeholder: 'Write to the room', 'aria-label': 'Room message', maxlength: '4000' });
    this.#status = h('p', { class: 'tool-status', role: 'status' });
    const form = h('form', { class: 'composer', 'aria-label': 'Send to the room' }, this.#input, h('button', { type: 'submit', 'data-testid': 'room-send' }, 'Send'));
    on(form, 'submit', (event) => {
      event.preventDefault();
      this.#send();
    });
    this.element = h(
      'section',
      { class: 'chat-pane room-pane', 'aria-labelledby': 'room-title', 'data-testid': 'room', hidden: true },
      h(
        'header',
        { class: 'chat-header' },
        h('div', {}, this.#title, h('p', { class: 'typing' }, 'Room id ', this.#id, ' · ', this.#count)),
        leave,
      ),
      this.#scroller,
      h('div', { class: 'composer-area' }, this.#status, form),
    );
  }

  /** The room shown, if any. */
  get room(): RoomHandle | undefined {
    return this.#room;
  }

  /** Shows a room just entered (leaving the one shown before). */
  show(room: RoomHandle): void {
    if (this.#room && this.#room !== room) void this.#room.leave().catch(() => {});
    this.#detach();
    this.#room = room;
    this.element.hidden = false;
    this.element.dataset.roomId = room.roomId;
    this.#title.textContent = room.profile.name || room.roomId;
    this.#id.textContent = room.roomId;
    this.#status.textContent = '';
    this.#list.replaceChildren();
    this.#setCount(room.count);
    const gone = (why: string) => {
      this.#status.textContent = why;
      this.#close();
    };
    this.#off.push(
      room.on('message', (message: Message) => this.#add(message.senderId, fallbackText(message), message.time)),
      room.on('count', (count) => this.#setCount(count)),
      room.on('presence', () => this.#setCount(room.count)),
      room.on('evicted', () => gone('You are no longer in this room.')),
      room.on('dismissed', () => gone('The room was closed.')),
    );
    this.#input.focus();
  }

  /** Leaves the room shown. */
  async leave(): Promise<void> {
    const room = this.#room;
    if (!room) return;
    this.#close();
    await room.leave().catch(() => {});
  }

  #close(): void {
    this.#detach();
    this.#room = undefined;
    this.element.hidden = true;
    delete this.element.dataset.roomId;
    this.closed();
  }

  #detach(): void {
    for (const off of this.#off.splice(0)) off();
  }

  #setCount(count: number): void {
    this.#count.dataset.count = String(count);
    this.#count.textContent = count === 1 ? '1 member here' : `${count} members here`;
  }

  #send(): void {
    const room = this.#room;
    const text = this.#input.value;
    if (!room || text.trim() === '') return;
    this.#input.value = '';
    const item = this.#add(this.userId, text, Date.now(), 'pending');
    room
      .send(createText(text).elements)
      .then(() => {
        item.dataset.status = 'sent';
      })
      .catch((error: unknown) => {
        item.dataset.status = 'failed';
        this.#status.textContent = `Not sent: ${error instanceof Error ? error.message : String(error)}`;
      });
  }

  #add(senderId: string, text: string, time: number, status = 'sent'): HTMLLIElement {
    const mine = senderId === this.userId;
    const near = this.#scroller.scrollHeight - this.#scroller.scrollTop - this.#scroller.clientHeight < 80;
    const item = h(
      'li',
      { class: `message ${mine ? 'mine' : 'theirs'}`, 'data-testid': 'room-message', 'data-status': status, 'data-sender': senderId },
      mine ? null : h('span', { class: 'sender' }, userName(this.client, senderId)),
      h('span', { class: 'text', 'data-testid': 'message-text' }, text),
      h('span', { class: 'meta' }, h('time', {}, shortTime(time || Date.now()))),
    );
    this.#list.append(item);
    while (this.#list.childElementCount > MAX_SHOWN) this.#list.firstElementChild?.remove();
    if (mine || near) this.#scroller.scrollTop = this.#scroller.scrollHeight;
    return item;
  }
}
