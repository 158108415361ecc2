import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type Harness } from '../helpers/harness.js';
import { authPayload, jmPage, loadJm, ok, settle, startJmHarness } from '../helpers/jmessage.js';

let h: Harness;
beforeAll(async () => {
  h = await startJmHarness();
});
afterAll(async () => {
  await h.stop(true);
});

describe('JMessage init, register, login', () => {
  it('init checks the auth_payload: a correct signature passes; wrong, expired, replayed and unknown-appkey ones fail with the vendor codes', async () => {
    const { JMessage } = await loadJm(h);
    const jim = new JMessage();
    const payload = authPayload();
    const good = await settle(jim.init(payload));
    expect(good).toMatchObject({ kind: 'success', data: { code: 0, message: 'success' } });
    // The same payload again is a replay.
    expect((await settle(new JMessage().init(payload))).data).toEqual({ code: 880102, message: 'signatu fail' });
    expect((await settle(new JMessage().init(authPayload({ secret: 'not-the-master-secret' })))).data).toEqual({ code: 880102, message: 'signatu fail' });
    expect((await settle(new JMessage().init(authPayload({ timestamp: Date.now() - 11 * 60_000 })))).data).toEqual({ code: 880106, message: 'signatu is expire' });
    expect((await settle(new JMessage().init(authPayload({ appkey: 'ffffffffffffffffffffffff' })))).data).toEqual({ code: 880101, message: 'appkey not exist' });
    // Missing fields are parameter errors; numbers may come as strings.
    expect((await settle(new JMessage().init({ appkey: 'x' }))).data).toEqual({ code: 880002, message: 'invalid parameter' });
    expect((await settle(new JMessage().init(authPayload({ flag: '1' as unknown as number })))).kind).toBe('success');
  });

  it('callbacks run asynchronously, once, on the handle the call returned', async () => {
    const { JMessage } = await loadJm(h);
    const jim = new JMessage();
    const calls: string[] = [];
    const handle = jim.init(authPayload());
    const same = handle.onSuccess(() => calls.push('success')).onFail(() => calls.push('fail')).onTimeout(() => calls.push('timeout'));
    expect(same).toBe(handle);
    expect(calls).toEqual([]);
    expect('then' in handle).toBe(false);
    await eventually(() => expect(calls).toEqual(['success']));
    // A handler attached after the outcome still gets it.
    await new Promise<void>((resolve) => handle.onSuccess(() => resolve()));
  });

  it('register then login; logged-in calls before login fail; login twice, and register while logged in, are refused', async () => {
    const { JMessage } = await loadJm(h);
    const jim = new JMessage();
    expect((await settle(jim.login({ username: 'jm_early', password: 'x' }))).data.code).toBe(882004);
    await ok(jim.init(authPayload()));
    expect((await settle(jim.getConversation())).data.code).toBe(882004);
    expect((await ok(jim.register({ username: 'jm_carol', password: 'pw-1' }))).data).toEqual({ code: 0, message: 'success' });
    expect((await settle(jim.register({ username: 'jm_carol', password: 'pw-2' }))).data.code).toBe(882002);
    expect((await settle(jim.login({ username: 'jm_carol', password: 'wrong' }))).data).toEqual({ code: 880104, message: 'invalid password' });
    expect((await settle(jim.login({ username: 'jm_nobody', password: 'pw' }))).data).toEqual({ code: 880103, message: 'user not exist' });
    const login = await ok(jim.login({ username: 'jm_carol', password: 'pw-1' }));
    expect(login.data).toMatchObject({ code: 0, username: 'jm_carol' });
    expect(jim.isLogin()).toBe(true);
    expect((await settle(jim.login({ username: 'jm_carol', password: 'pw-1' }))).data).toEqual({ code: 880107, message: 'already login,please login out before login' });
    expect((await settle(jim.register({ username: 'jm_dave', password: 'pw' }))).data).toEqual({ code: 880006, message: 'login out before register' });
    expect(jim.loginOut()).toBeUndefined();
    expect(jim.isLogin()).toBe(false);
    // is_md5: the password may be sent as its MD5 digest.
    const md5 = (await import('node:crypto')).createHash('md5').update('pw-1').digest('hex');
    await ok(jim.login({ username: 'jm_carol', password: md5, is_md5: true }));
    jim.loginOut();
  });

  it('several instances on one page are independent channels', async () => {
    const a = await jmPage(h, 'jm_multi_a');
    const b = await jmPage(h, 'jm_multi_b');
    expect(a.jim.isLogin() && b.jim.isLogin()).toBe(true);
    a.jim.loginOut();
    expect(b.jim.isLogin()).toBe(true);
    b.jim.loginOut();
  });

  it('a second login of the same user kicks the first: event 1, then onDisconnect', async () => {
    const first = await jmPage(h, 'jm_kick');
    const second = await jmPage(h, 'jm_kick', { register: false });
    await eventually(() => expect(first.disconnects).toBe(1));
    expect(first.events).toEqual([expect.objectContaining({ event_type: 1, event_id: expect.any(Number), ctime_ms: expect.any(Number), ctime: expect.any(Number) })]);
    expect(first.jim.isLogin()).toBe(false);
    expect(second.jim.isLogin()).toBe(true);
    expect(second.events).toEqual([]);
    second.jim.loginOut();
  });

  it('a password change kicks the other session with event 2; the new password works', async () => {
    // A tenant that allows two web sessions per user, so one can change the password while the other is online.
    const h2 = await startJmHarness({ webInstances: 2 });
    try {
      const online = await jmPage(h2, 'jm_pwd', { password: 'old-pw' });
      const changer = await jmPage(h2, 'jm_pwd', { register: false, password: 'old-pw' });
      expect((await settle(changer.jim.updateSelfPwd({ old_pwd: 'wrong', new_pwd: 'new-pw' }))).data).toEqual({ code: 880104, message: 'invalid password' });
      await ok(changer.jim.updateSelfPwd({ old_pwd: 'old-pw', new_pwd: 'new-pw' }));
      await eventually(() => expect(online.disconnects).toBe(1));
      expect(online.events.map((e) => e.event_type)).toEqual([2]);
      expect(changer.events).toEqual([]);
      expect(changer.jim.isLogin()).toBe(true);
      changer.jim.loginOut();
      const { JMessage } = await loadJm(h2);
      const again = new JMessage();
      await ok(again.init(authPayload()));
      expect((await settle(again.login({ username: 'jm_pwd', password: 'old-pw' }))).data.code).toBe(880104);
      await ok(again.login({ username: 'jm_pwd', password: 'new-pw' }));
      again.loginOut();
    } finally {
      await h2.stop(true);
    }
  });
});
