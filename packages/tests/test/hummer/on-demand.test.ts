import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../helpers/harness.js';
import { hummerPage, startHummerHarness } from '../helpers/hummer.js';
import { RecordingSocket } from '../helpers/recording-socket.js';

let h: Harness;
beforeAll(async () => {
  h = await startHummerHarness();
});
afterAll(async () => {
  await h.stop(true);
});

describe('Hummer calls that load on their first use', () => {
  it('the first call loads them and resolves; a call made right after it, of one always there, goes to the server after it; refusals keep their rescodes', async () => {
    const owner = await hummerPage(h, '41001');
    const { roomid } = await owner.hummer.createChatRoom({ region: 'cn', attributes: { Name: 'first room' } });
    // The last page loaded in this file: its on-demand calls load on first use, in its own module copy.
    const guest = await hummerPage(h, '41002', { preload: false, WebSocket: RecordingSocket });
    const room = guest.hummer.createChatRoomInstance({ region: 'cn', roomid: roomid as number });
    RecordingSocket.ops = [];
    const created = guest.hummer.createChatRoom({ region: 'cn', attributes: { Name: 'second room' } });
    const joined = room.joinChatRoom({ joinProps: {} });
    expect(await created).toMatchObject({ rescode: 0, roomid: expect.any(Number) });
    expect(await joined).toMatchObject({ rescode: 0, roomid });
    const createAt = RecordingSocket.ops.indexOf('roomCreate');
    expect(createAt).toBeGreaterThanOrEqual(0);
    expect(createAt).toBeLessThan(RecordingSocket.ops.indexOf('roomEnter'));
    expect(await room.getUserList({ num: 10, pos: 0 })).toMatchObject({ rescode: 0, uids: ['41002'] });
    // Only the owner moderates: the guest's attempt is 3000 through the loaded module too.
    await expect(room.muteUser({ uid: '41001', secs: '60', reason: 'no' })).rejects.toMatchObject({ rescode: 3000 });
    await guest.hummer.logout();
    await owner.hummer.logout();
  });
});
