import { type Client, GroupType, groupsOf, type RoomHandle, roomsOf } from '@parley/core';
import { isValidUserId } from './credentials.js';
import { h, on } from './dom.js';

/** Room ids the server accepts (letters, digits, `_`, `-`, `.`, `@`, up to 64). */
const ROOM_ID_PATTERN = '[A-Za-z0-9_.@\\-]{1,64}';

/** The text of a refusal, for a status line. */
function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * "New group": a name and member ids (comma-separated) → a group owned by the caller. Every
 * member gets it through the change stream, so it shows up in their lists; the creator's view
 * opens it.
 */
export function newGroupForm(client: Client, open: (convId: string) => void): HTMLElement {
  const name = h('input', { id: 'group-name', 'data-testid': 'group-name', required: true, maxlength: '64', autocomplete: 'off' });
  const members = h('input', { id: 'group-members', 'data-testid': 'group-members', placeholder: 'bob, carol', autocomplete: 'off', 'aria-describedby': 'group-members-hint' });
  const submit = h('button', { type: 'submit', 'data-testid': 'create-group' }, 'Create group');
  const status = h('p', { class: 'tool-status', role: 'status', 'data-testid': 'group-status' });
  const form = h(
    'form',
    { class: 'tool-form', 'aria-label': 'New group' },
    h('label', { for: 'group-name' }, 'Group name'),
    name,
    h('label', { for: 'group-members' }, 'Members'),
    members,
    h('p', { id: 'group-members-hint', class: 'hint' }, 'User ids, separated by commas.'),
    submit,
    status,
  );
  on(form, 'submit', (event) => {
    event.preventDefault();
    const ids = [...new Set(members.value.split(',').map((id) => id.trim()))].filter((id) => id !== '' && id !== client.userId);
    const bad = ids.find((id) => !isValidUserId(id));
    if (name.value.trim() === '' || bad !== undefined) {
      status.textContent = bad === undefined ? 'Give the group a name.' : `Not a user id: ${bad}`;
      return;
    }
    submit.disabled = true;
    status.textContent = 'Creating…';
    groupsOf(client)
      .create({ name: name.value.trim(), type: GroupType.WORK, members: ids })
      .then(({ group, failed, overLimit }) => {
        const left = [...failed, ...overLimit];
        status.textContent = left.length ? `Created; not added: ${left.join(', ')}` : '';
        name.value = members.value = '';
        (form.closest('details') as HTMLDetailsElement | null)?.removeAttribute('open');
        open(`group:${group.groupId}`);
      })
      .catch((error: unknown) => {
        status.textContent = `Could not create the group: ${reasonOf(error)}`;
      })
      .finally(() => {
        submit.disabled = false;
      });
  });
  return h('details', { class: 'tool' }, h('summary', { 'data-testid': 'new-group' }, 'New group'), form);
}

/**
 * "Join room": a room id to enter, or "Create room", which creates a live room with that text as
 * its name (`roomsOf(client).create({name})`) and enters it. `entered` gets the handle.
 */
export function joinRoomForm(client: Client, entered: (room: RoomHandle) => void): HTMLElement {
  const id = h('input', { id: 'room-id', 'data-testid': 'room-id', pattern: ROOM_ID_PATTERN, maxlength: '64', autocomplete: 'off', 'aria-describedby': 'room-hint' });
  const join = h('button', { type: 'submit', 'data-testid': 'join-room' }, 'Join room');
  const create = h('button', { type: 'button', class: 'secondary', 'data-testid': 'create-room' }, 'Create room');
  const status = h('p', { class: 'tool-status', role: 'status', 'data-testid': 'room-status' });
  const busy = async (what: string, work: () => Promise<RoomHandle>) => {
    join.disabled = create.disabled = true;
    status.textContent = `${what}…`;
    try {
      const room = await work();
      status.textContent = '';
      id.value = '';
      entered(room);
    } catch (error) {
      status.textContent = `${what} failed: ${reasonOf(error)}`;
    } finally {
      join.disabled = create.disabled = false;
    }
  };
  const form = h(
    'form',
    { class: 'tool-form', 'aria-label': 'Join room' },
    h('label', { for: 'room-id' }, 'Room id (or a name for a new room)'),
    id,
    h('p', { id: 'room-hint', class: 'hint' }, 'Rooms are live: only who is in them now hears a message.'),
    h('div', { class: 'tool-actions' }, join, create),
    status,
  );
  on(form, 'submit', (event) => {
    event.preventDefault();
    const roomId = id.value.trim();
    if (roomId === '') {
      status.textContent = 'Give a room id to join.';
      return;
    }
    void busy('Joining', () => roomsOf(client).join(roomId));
  });
  on(create, 'click', () => {
    const name = id.value.trim() || `${client.userId}'s room`;
    void busy('Creating', async () => {
      const room = await roomsOf(client).create({ name });
      return roomsOf(client).join(room.roomId ?? '');
    });
  });
  return h('details', { class: 'tool' }, h('summary', { 'data-testid': 'rooms' }, 'Join room'), form);
}
