/// <reference lib="dom" />
// The compat bundle entry: a MaxLeap IM page after `dist/ML.im.js` was replaced by
// @parley/compat-maxleap, using the calls a chat page makes.
import { im } from '@parley/compat-maxleap';

/** Logs in (mode 1), listens, sends a text, and reads friends, groups and recent history. */
export function startMaxleapApp(userId: string, render: (data: unknown) => void) {
  const instance = im({ appId: 'app', clientId: 'key', userId, region: 'cn' }, render);
  instance.onMessage(render).online(render).offline(render).sys(render).yourself(render);
  instance.toFriend('bob').text('hi').ok();
  instance.listFriends(userId, (err: unknown, data: unknown) => render(err ?? data), true);
  instance.listGroups(userId, (err: unknown, data: unknown) => render(err ?? data), true);
  instance.getRecentChat(userId, 'bob', String(Date.now()), '20', (err: unknown, data: unknown) => render(err ?? data));
  return instance;
}
