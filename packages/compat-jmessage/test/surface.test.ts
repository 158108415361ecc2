import { describe, expect, it } from 'vitest';
import JMessageDefault, { JM_ERRORS, JMessage } from '../src/index.js';
import { bool, members, num, params, str } from '../src/params.js';

/** The 43 request methods of the inventory (jmessage.md §0, §2), `sendGroupCustom` included. */
const REQUEST_METHODS = [
  'init', 'register', 'login',
  'getUserInfo', 'updateSelfInfo', 'updateSelfAvatar', 'updateSelfPwd',
  'getConversation', 'sendSingleMsg', 'sendSinglePic', 'sendSingleFile', 'sendSingleLocation', 'sendSingleCustom',
  'sendGroupMsg', 'getResource', 'sendGroupPic', 'sendGroupFile', 'sendGroupLocation', 'sendGroupCustom',
  'createGroup', 'exitGroup', 'addGroupMembers', 'delGroupMembers', 'getGroups', 'getGroupInfo', 'updateGroupInfo', 'getGroupMembers',
  'getNoDisturb', 'addSingleNoDisturb', 'delSingleNoDisturb', 'addGroupNoDisturb', 'delGroupNoDisturb', 'addGroupShield', 'delGroupShield', 'addGlobalNoDisturb', 'delGlobalNoDisturb',
  'getBlacks', 'addSingleBlacks', 'delSingleBlacks',
  'getFriendList', 'addFriend', 'delFriend', 'updateFriendMemo',
];
const LISTENERS = ['onDisconnect', 'onMsgReceive', 'onSyncConversation', 'onEventNotification'];

describe('the JMessage surface', () => {
  it('has every request method (returning a chain), loginOut with no return value, and the four listener registrations', () => {
    expect(REQUEST_METHODS).toHaveLength(43);
    expect(JMessageDefault).toBe(JMessage);
    const jim = new JMessage({ debug: false }) as unknown as Record<string, (p?: unknown) => unknown>;
    for (const name of REQUEST_METHODS) {
      expect(typeof jim[name], name).toBe('function');
      const handle = jim[name]?.({}) as Record<string, unknown>;
      for (const cb of ['onSuccess', 'onFail', 'onTimeout', 'onAck']) expect(typeof handle[cb], `${name}().${cb}`).toBe('function');
    }
    for (const name of LISTENERS) expect(typeof jim[name], name).toBe('function');
    expect(jim.loginOut?.()).toBeUndefined();
  });

  it('carries the 76 codes of the vendor error page with their exact messages', () => {
    expect(Object.keys(JM_ERRORS)).toHaveLength(76);
    expect(JM_ERRORS[880102]).toBe('signatu fail');
    expect(JM_ERRORS[880106]).toBe('signatu is expire');
    expect(JM_ERRORS[880107]).toBe('already login,please login out before login');
    expect(JM_ERRORS[882002]).toBe('user exit，no such user，password error，uid invalid，gid invalid');
  });

  it('reads arguments leniently: trimmed keys, numbers and booleans as strings, usernames as strings', () => {
    const p = params({ 'media_id ': 'm1', flag: '1', is_md5: 'true', list: ['bob', { username: 'carol', appkey: 'k' }] });
    expect(str(p, 'media_id')).toBe('m1');
    expect(num(p, 'flag')).toBe(1);
    expect(bool(p, 'is_md5')).toBe(true);
    expect(members(p, 'list')).toEqual([{ username: 'bob' }, { username: 'carol', appkey: 'k' }]);
    expect(() => str(p, 'missing')).toThrow(expect.objectContaining({ code: 880002 }));
    expect(() => params('nope')).toThrow(expect.objectContaining({ code: 880002 }));
  });
});
