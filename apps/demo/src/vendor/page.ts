import { isValidUserId, USER_ID_PATTERN } from '../credentials.js';
import { h, on } from '../dom.js';
import { describeError } from './credentials.js';

/** What a vendor page does; the shared page below is only the form around it. */
export interface VendorApp {
  /** The page heading, e.g. "TIM (tim-js-sdk)". */
  title: string;
  /** One line on how the page uses its SDK. */
  about: string;
  /** Signs `name` in through the vendor API; resolves once the SDK is ready. */
  signIn(name: string): Promise<void>;
  /** One-to-one pages: sends `text` to `peer`. */
  sendTo?(peer: string, text: string): Promise<void>;
  /** Room pages: what the room controls do. */
  room?: RoomControls;
}

/** The room controls of a room page. */
export interface RoomControls {
  /** Creates a room and returns its id (the page then joins it). Absent: join only. */
  create?(): Promise<string>;
  /** Enters the room `id` (as typed, or as created). */
  join(id: string): Promise<void>;
  /** Sends `text` to everyone in the joined room. */
  send(text: string): Promise<void>;
}

/** What a vendor page can report to the view. */
export interface VendorView {
  /** A message from `from` arrived: it is listed (as text only). */
  received(from: string, text: string): void;
  /** The number of users present in the room. */
  count(count: number): void;
  /** A status or error line. */
  status(text: string): void;
}

/**
 * Mounts the common vendor page into `#app`: a name and a sign-in button, then (once signed in)
 * either a peer and a text field or the room controls, and the list of messages. The vendor
 * code gets the view to report messages and counts. User text only ever reaches the page
 * through `textContent`.
 */
export function mountVendorPage(makeApp: (view: VendorView) => VendorApp): void {
  const root = document.getElementById('app') as HTMLElement;
  const list = h('ul', { class: 'vendor-messages', 'data-testid': 'messages', 'aria-live': 'polite' });
  const statusLine = h('p', { class: 'vendor-status', role: 'status', 'data-testid': 'status' });
  const countValue = h('span', { 'data-testid': 'count' }, '0');
  let me = '';

  const item = (testid: 'received' | 'sent', from: string, text: string) => {
    const who = h('b', { class: 'vendor-from' });
    who.textContent = testid === 'sent' ? `${from} (me)` : from;
    const body = h('span', { class: 'vendor-text', 'data-testid': 'message-text' });
    body.textContent = text;
    list.append(h('li', { class: `vendor-msg vendor-${testid}`, 'data-testid': testid, 'data-from': from }, who, ': ', body));
  };
  const view: VendorView = {
    received: (from, text) => item('received', from, text),
    count: (n) => {
      countValue.textContent = String(n);
    },
    status: (text) => {
      statusLine.textContent = text;
    },
  };
  const app = makeApp(view);
  document.title = `Parley vendor apps: ${app.title}`;

  // Runs a button's action: a failure goes to the status line; the button comes back unless
  // the action is done for good (`once`: signing in, entering a room).
  const act = (button: HTMLButtonElement, action: () => Promise<void>, once = false) => {
    button.disabled = true;
    view.status('');
    action().then(
      () => {
        button.disabled = once;
      },
      (reason: unknown) => {
        button.disabled = false;
        view.status(`Failed: ${describeError(reason)}`);
      },
    );
  };

  const name = h('input', { id: 'vendor-name', 'data-testid': 'name', autocomplete: 'username', required: true, pattern: USER_ID_PATTERN, maxlength: '32' });
  const signin = h('button', { type: 'submit', 'data-testid': 'signin' }, 'Sign in');
  const signinForm = h('form', { class: 'vendor-row' }, h('label', { for: 'vendor-name' }, 'Your name'), name, signin);
  const who = h('span');
  const ready = h('p', { class: 'vendor-ready', 'data-testid': 'ready', hidden: true }, 'Signed in as ', who);

  const text = h('input', { id: 'vendor-text', 'data-testid': 'text', autocomplete: 'off', maxlength: '2000' });
  const send = h('button', { type: 'submit', 'data-testid': 'send' }, 'Send');
  const composer = h('form', { class: 'vendor-row' }, h('label', { for: 'vendor-text' }, 'Message'), text, send);
  const controls = h('section', { class: 'vendor-controls', hidden: true });

  const { sendTo, room } = app;
  if (sendTo) {
    const peer = h('input', { id: 'vendor-peer', 'data-testid': 'peer', autocomplete: 'off', pattern: USER_ID_PATTERN, maxlength: '32' });
    controls.append(h('div', { class: 'vendor-row' }, h('label', { for: 'vendor-peer' }, 'To (user id)'), peer), composer);
    on(composer, 'submit', (event) => {
      event.preventDefault();
      const to = peer.value.trim();
      const t = text.value;
      if (!isValidUserId(to) || !t) return view.status('Give a user id and a text.');
      act(send, async () => {
        await sendTo(to, t);
        item('sent', me, t);
        text.value = '';
      });
    });
  } else if (room) {
    const roomId = h('input', { id: 'vendor-room', 'data-testid': 'room-id', autocomplete: 'off', maxlength: '64' });
    const join = h('button', { type: 'submit', 'data-testid': 'join-room' }, 'Join room');
    const create = room.create ? h('button', { type: 'button', 'data-testid': 'create-room' }, 'Create room') : undefined;
    const joinForm = h('form', { class: 'vendor-row' }, h('label', { for: 'vendor-room' }, 'Room id'), roomId, join, create);
    const inRoom = h('p', { class: 'vendor-room-line', 'data-testid': 'in-room', hidden: true });
    const people = h('p', { class: 'vendor-count' }, 'In the room: ', countValue);
    controls.append(joinForm, inRoom, people, composer);
    composer.hidden = true;
    const enter = async (id: string) => {
      await room.join(id);
      inRoom.textContent = `In room ${id}`;
      inRoom.hidden = false;
      composer.hidden = false;
      join.disabled = true;
      if (create) create.disabled = true;
    };
    on(joinForm, 'submit', (event) => {
      event.preventDefault();
      const id = roomId.value.trim();
      if (!id) return view.status('Give a room id.');
      act(join, () => enter(id), true);
    });
    const createRoom = room.create;
    if (create && createRoom) {
      on(create, 'click', () =>
        act(create, async () => {
          const id = await createRoom();
          roomId.value = id;
          await enter(id);
        }, true),
      );
    }
    on(composer, 'submit', (event) => {
      event.preventDefault();
      const t = text.value;
      if (!t) return;
      act(send, async () => {
        await room.send(t);
        item('sent', me, t);
        text.value = '';
      });
    });
  }

  on(signinForm, 'submit', (event) => {
    event.preventDefault();
    const user = name.value.trim();
    if (!isValidUserId(user)) return view.status('Use 1–32 letters, digits, _ or -.');
    act(signin, async () => {
      await app.signIn(user);
      me = user;
      who.textContent = user;
      ready.hidden = false;
      signinForm.hidden = true;
      controls.hidden = false;
      document.title = `Parley vendor apps: ${app.title}: ${user}`;
    }, true);
  });

  root.replaceChildren(
    h(
      'main',
      { class: 'vendor-page', 'data-testid': 'vendor-page' },
      h('p', { class: 'vendor-nav' }, h('a', { href: './index.html' }, '← Vendor apps'), ' · ', h('a', { href: '../index.html' }, 'Parley demo')),
      h('h1', {}, app.title),
      h('p', { class: 'hint' }, app.about),
      signinForm,
      ready,
      controls,
      statusLine,
      list,
    ),
  );
}
