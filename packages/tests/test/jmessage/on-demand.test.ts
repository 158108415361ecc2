import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type Harness } from '../helpers/harness.js';
import { jmPage, ok, settle, startJmHarness } from '../helpers/jmessage.js';
import { RecordingSocket } from '../helpers/recording-socket.js';

let h: Harness;
beforeAll(async () => {
  h = await startJmHarness();
});
afterAll(async () => {
  await h.stop(true);
});

describe('JMessage methods that load on their first call', () => {
  it('the first call loads them and answers; a call made right after it, of a method always there, goes to the server after it', async () => {
    const bob = await jmPage(h, 'jm_lazy_bob');
    // The last page loaded in this file: its on-demand methods load on their first call, in its own module copy.
    const alice = await jmPage(h, 'jm_lazy_alice', { preload: false, WebSocket: RecordingSocket });
    RecordingSocket.ops = [];
    const renamed = settle(alice.jim.updateSelfInfo({ nickname: 'Alice Two' }));
    const sent = settle(alice.jim.sendSingleMsg({ target_username: 'jm_lazy_bob', content: 'after the rename' }));
    expect((await renamed).kind).toBe('success');
    expect((await sent).kind).toBe('success');
    // The profile update left before the send, though its code had to load first.
    const updateAt = RecordingSocket.ops.indexOf('userUpdateProfile');
    expect(updateAt).toBeGreaterThanOrEqual(0);
    expect(updateAt).toBeLessThan(RecordingSocket.ops.indexOf('msgSend'));
    await eventually(() => expect(bob.msgs).toHaveLength(1));
    const info = await ok(alice.jim.getUserInfo({ username: 'jm_lazy_alice' }));
    expect(info.data.user_info).toMatchObject({ username: 'jm_lazy_alice', nickname: 'Alice Two' });
    // Refusals keep their vendor codes through the loaded module.
    expect((await settle(alice.jim.getUserInfo({ username: 'jm_lazy_nobody' }))).data).toEqual({ code: 880203, message: 'target user not exist' });
    alice.jim.loginOut();
    bob.jim.loginOut();
  });
});
