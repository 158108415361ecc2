import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type Harness } from '../helpers/harness.js';
import { loadMl, ML_APP_ID, ML_KEYS, mlPage, startMaxleapHarness } from '../helpers/maxleap.js';

let h: Harness;
beforeAll(async () => {
  h = await startMaxleapHarness();
  await h.admin('users', { userId: 'ml-account', username: 'ml_account', password: 'pw-account' });
});
afterAll(async () => {
  await h.stop(true);
});

describe('ML.im login modes', () => {
  it('throws the vendor errors for missing options and unknown regions; ML.im.version is 0.1.0', async () => {
    const { im, ML } = await loadMl(h);
    expect(ML.im).toBe(im);
    expect(im.version).toBe('0.1.0');
    expect(() => im(undefined as never)).toThrow('realtime need a argument at least.');
    expect(() => im({} as never)).toThrow('Options must have appId.');
    expect(() => im({ appId: ML_APP_ID, clientId: ML_KEYS.javascript, region: 'jp' })).toThrow('There is no this region.');
  });

  it('mode 1 (userId), 2 (username + password), 5 (passenger, reusable id) log in: callback({id, success: true})', async () => {
    const byId = await mlPage(h, { userId: 'ml-u1' });
    expect(byId.logins).toEqual([{ id: 'ml-u1', success: true }]);
    const byAccount = await mlPage(h, { username: 'ml_account', password: 'pw-account' });
    expect(byAccount.logins).toEqual([{ id: 'ml-account', success: true }]);
    const visitor = await mlPage(h, { passenger: {} });
    const [first] = visitor.logins;
    expect(first).toMatchObject({ success: true, id: expect.any(String) });
    const again = await mlPage(h, { passenger: { id: first?.id } });
    expect(again.logins).toEqual([{ id: first?.id, success: true }]);
  });

  it('a wrong password or a bad key fails with {success: false, error: 5003}', async () => {
    const wrong = await mlPage(h, { username: 'ml_account', password: 'nope' });
    expect(wrong.logins).toEqual([{ success: false, error: 5003 }]);
    const badKey = await mlPage(h, { userId: 'ml-u2', clientId: 'not-a-key' });
    expect(badKey.logins).toEqual([{ success: false, error: 5003 }]);
  });

  it('the login callback fires again after a reconnect', async () => {
    const page = await mlPage(h, { userId: 'ml-u3' });
    await h.stop(false);
    await h.restart();
    await eventually(() => expect(page.logins).toEqual([{ id: 'ml-u3', success: true }, { id: 'ml-u3', success: true }]), 20_000);
  });
});
