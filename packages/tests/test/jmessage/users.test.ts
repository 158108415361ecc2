import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../helpers/harness.js';
import { JM_APPKEY, jmPage, ok, settle, startJmHarness } from '../helpers/jmessage.js';

let h: Harness;
beforeAll(async () => {
  h = await startJmHarness();
});
afterAll(async () => {
  await h.stop(true);
});

/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

describe('JMessage users', () => {
  it('getUserInfo shows another user with every UserInfo field; an unknown user is 880203', async () => {
    const alice = await jmPage(h, 'jm_user_alice');
    const bob = await jmPage(h, 'jm_user_bob');
    await ok(bob.jim.updateSelfInfo({ nickname: 'Bob 🐝', birthday: '1990-01-02', signature: 'hello', gender: 1, region: 'Lyon', address: '1 rue X' }));
    const { data } = await ok(alice.jim.getUserInfo({ username: 'jm_user_bob' }));
    expect(data.code).toBe(0);
    expect(data.user_info).toEqual({
      username: 'jm_user_bob',
      appkey: JM_APPKEY,
      nickname: 'Bob 🐝',
      avatar: '',
      birthday: '1990-01-02',
      gender: 1,
      signature: 'hello',
      region: 'Lyon',
      address: '1 rue X',
      mtime: expect.any(Number),
    });
    const mtime = (data.user_info as { mtime: number }).mtime;
    // Seconds, like the events' ctime.
    expect(Math.abs(mtime - Date.now() / 1000)).toBeLessThan(120);
    // The own appkey given explicitly is the same app.
    expect((await ok(alice.jim.getUserInfo({ username: 'jm_user_bob', appkey: JM_APPKEY }))).data.user_info).toMatchObject({ nickname: 'Bob 🐝' });
    expect((await settle(alice.jim.getUserInfo({ username: 'jm_user_nobody' }))).data).toEqual({ code: 880203, message: 'target user not exist' });
    expect((await settle(alice.jim.getUserInfo({}))).data.code).toBe(880002);
    alice.jim.loginOut();
    bob.jim.loginOut();
  });

  it('updateSelfInfo is a partial update: only the fields sent change; gender may be a string', async () => {
    const carol = await jmPage(h, 'jm_user_carol');
    await ok(carol.jim.updateSelfInfo({ nickname: 'Carol', signature: 'first', region: 'Paris' }));
    await ok(carol.jim.updateSelfInfo({ gender: '2', address: 'Somewhere' }));
    const info = (await ok(carol.jim.getUserInfo({ username: 'jm_user_carol' }))).data.user_info;
    expect(info).toMatchObject({ nickname: 'Carol', signature: 'first', region: 'Paris', gender: 2, address: 'Somewhere', birthday: '' });
    // Nothing sent changes nothing; a gender out of range is a parameter error.
    await ok(carol.jim.updateSelfInfo({}));
    expect((await settle(carol.jim.updateSelfInfo({ gender: 7 }))).data.code).toBe(880002);
    expect((await ok(carol.jim.getUserInfo({ username: 'jm_user_carol' }))).data.user_info).toMatchObject({ nickname: 'Carol', gender: 2 });
    carol.jim.loginOut();
  });

  it('updateSelfAvatar uploads the FormData image and the profile shows its media id', async () => {
    const dave = await jmPage(h, 'jm_user_dave');
    const form = new FormData();
    form.append('me.png', new Blob([PNG], { type: 'image/png' }), 'me.png');
    expect((await ok(dave.jim.updateSelfAvatar({ avatar: form }))).data).toEqual({ code: 0, message: 'success' });
    const info = (await ok(dave.jim.getUserInfo({ username: 'jm_user_dave' }))).data.user_info as { avatar: string };
    expect(typeof info.avatar).toBe('string');
    expect(info.avatar).not.toBe('');
    // A FormData without a file, or no FormData at all.
    expect((await settle(dave.jim.updateSelfAvatar({ avatar: new FormData() }))).data.code).toBe(880005);
    expect((await settle(dave.jim.updateSelfAvatar({}))).data.code).toBe(880002);
    dave.jim.loginOut();
  });

  it('updateSelfPwd: a wrong old password is 880104; the right one changes it', async () => {
    const erin = await jmPage(h, 'jm_user_erin', { password: 'erin-old' });
    expect((await settle(erin.jim.updateSelfPwd({ old_pwd: 'nope', new_pwd: 'erin-new', is_md5: false }))).data).toEqual({ code: 880104, message: 'invalid password' });
    await ok(erin.jim.updateSelfPwd({ old_pwd: 'erin-old', new_pwd: 'erin-new' }));
    expect(erin.jim.isLogin()).toBe(true);
    erin.jim.loginOut();
    const again = await jmPage(h, 'jm_user_erin', { register: false, login: false });
    expect((await settle(again.jim.login({ username: 'jm_user_erin', password: 'erin-old' }))).data.code).toBe(880104);
    await ok(again.jim.login({ username: 'jm_user_erin', password: 'erin-new' }));
    again.jim.loginOut();
  });
});
