import { describe, expect, it } from 'vitest';
import { profileOf } from './room-profile.js';

describe('basic attributes → room profile', () => {
  it('maps the well-known keys, keeps the others as JSON custom fields, ignores the server keys', () => {
    expect(profileOf({ Name: 'n', Description: 'd', Bulletin: 'b', AppExtra: 'a', Passwd: 'p', MaxUser: ' 100 ', Topic: '闲聊', Owner: 'x', Roomid: '1', Appid: '2' })).toEqual({
      name: 'n',
      description: 'd',
      bulletin: 'b',
      appExtra: 'a',
      password: 'p',
      maxUsers: 100,
      customFields: { Topic: '"闲聊"' },
    });
  });

  it('takes Extention (sic) as AppExtra unless AppExtra is given too', () => {
    expect(profileOf({ Extention: 'e' })).toEqual({ appExtra: 'e', customFields: {} });
    expect(profileOf({ Extention: 'e', AppExtra: 'a' })).toEqual({ appExtra: 'a', customFields: {} });
    expect(profileOf({ AppExtra: 'a', Extention: 'e' })).toEqual({ appExtra: 'a', customFields: {} });
  });

  it('refuses a MaxUser that is not a whole number', () => {
    for (const bad of ['', 'many', '-1', '1.5', '12345678901']) expect(() => profileOf({ MaxUser: bad })).toThrow(expect.objectContaining({ rescode: 1002 }));
  });
});
