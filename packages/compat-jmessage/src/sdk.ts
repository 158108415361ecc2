import { groupsWiring } from './areas/groups/events.js';
import { getGroups } from './areas/groups/list.js';
import { getConversation } from './areas/messages/conversations.js';
import { sendGroupMsg, sendSingleMsg } from './areas/messages/send.js';
import { messagesWiring } from './areas/messages/wiring.js';
import { relationsWiring } from './areas/relations/wiring.js';
import { JmCore, VERSION } from './core.js';
import type { JmHandle } from './handle.js';
import { onDemand } from './lazy.js';

// What a chat page needs to start (login, listeners, conversation list, text sends, group list)
// is here; the other methods come with their module on the first call of one (JmCore.defer).

/** `new JMessage(options)` (jmessage.md §1.1). */
export interface JMessageOptions {
  /** Logs every call, outcome and listener event to the console. */
  debug?: boolean;
}

/**
 * The JMessage Web SDK v2 object: `var JIM = new JMessage({debug: true})`, then `JIM.init(…)`,
 * `JIM.login(…)`, and every request method returning its `onSuccess`/`onFail`/`onTimeout`/`onAck`
 * chain. Each instance is an independent channel: several may be logged in on one page.
 */
export class JMessage {
  /** The SDK version this package reproduces. */
  static readonly version = VERSION;
  readonly #core: JmCore;

  constructor(options?: JMessageOptions) {
    this.#core = new JmCore(options?.debug === true, [messagesWiring, relationsWiring, groupsWiring]);
  }

  // ——— initialisation, account, connection ———

  init(p?: object): JmHandle {
    return this.#core.init(p);
  }

  register(p?: object): JmHandle {
    return this.#core.register(p);
  }

  login(p?: object): JmHandle {
    return this.#core.login(p);
  }

  /** Logs out; no return value and no callbacks (calling it is success). */
  loginOut(): void {
    this.#core.loginOut();
  }

  /** Later SDKs' status checks (synchronous). */
  isInit(): boolean {
    return this.#core.appkey !== '';
  }

  isLogin(): boolean {
    return this.#core.loggedIn;
  }

  isConnect(): boolean {
    return this.#core.loggedIn && this.#core.client.state === 'ready';
  }

  // ——— listeners ———

  /** The session is gone (kicked, or the connection could not be restored): `init` and `login` again. */
  onDisconnect(fn: () => void): void {
    this.#core.listen('disconnect', fn);
  }

  /** Real-time messages: `{messages: [...]}` with the first message's fields also at the top level. */
  onMsgReceive(fn: (data: unknown) => void): void {
    this.#core.listen('msg', fn);
  }

  /** Offline (and, with `flag: 1`, roaming) messages after login: an array of `{key, msgs}` per conversation. */
  onSyncConversation(fn: (data: unknown) => void): void {
    this.#core.listen('sync', fn);
  }

  /** Business events: `{event_id, event_type, …}` (jmessage.md §3.4). */
  onEventNotification(fn: (data: unknown) => void): void {
    this.#core.listen('event', fn);
  }

  // ——— users ———

  getUserInfo(p?: object): JmHandle {
    return this.#core.defer(onDemand, (area) => area.getUserInfo(this.#core, p));
  }

  updateSelfInfo(p?: object): JmHandle {
    return this.#core.defer(onDemand, (area) => area.updateSelfInfo(this.#core, p));
  }

  updateSelfAvatar(p?: object): JmHandle {
    return this.#core.defer(onDemand, (area) => area.updateSelfAvatar(this.#core, p));
  }

  updateSelfPwd(p?: object): JmHandle {
    return this.#core.defer(onDemand, (area) => area.updateSelfPwd(this.#core, p));
  }

  // ——— messages and media ———

  getConversation(p?: object): JmHandle {
    return getConversation(this.#core, p);
  }

  sendSingleMsg(p?: object): JmHandle {
    return sendSingleMsg(this.#core, p);
  }

  sendSinglePic(p?: object): JmHandle {
    return this.#core.defer(onDemand, (area) => area.sendSinglePic(this.#core, p));
  }

  sendSingleFile(p?: object): JmHandle {
    return this.#core.defer(onDemand, (area) => area.sendSingleFile(this.#core, p));
  }

  sendSingleLocation(p?: object): JmHandle {
    return this.#core.defer(onDemand, (area) => area.sendSingleLocation(this.#core, p));
  }

  sendSingleCustom(p?: object): JmHandle {
    return this.#core.defer(onDemand, (area) => area.sendSingleCustom(this.#core, p));
  }

  sendGroupMsg(p?: object): JmHandle {
    return sendGroupMsg(this.#core, p);
  }

  sendGroupPic(p?: object): JmHandle {
    return this.#core.defer(onDemand, (area) => area.sendGroupPic(this.#core, p));
  }

  sendGroupFile(p?: object): JmHandle {
    return this.#core.defer(onDemand, (area) => area.sendGroupFile(this.#core, p));
  }

  sendGroupLocation(p?: object): JmHandle {
    return this.#core.defer(onDemand, (area) => area.sendGroupLocation(this.#core, p));
  }

  sendGroupCustom(p?: object): JmHandle {
    return this.#core.defer(onDemand, (area) => area.sendGroupCustom(this.#core, p));
  }

  getResource(p?: object): JmHandle {
    return this.#core.defer(onDemand, (area) => area.getResource(this.#core, p));
  }

  // ——— friends, blacklist, no-disturb ———

  getFriendList(p?: object): JmHandle {
    return this.#core.defer(onDemand, (area) => area.getFriendList(this.#core, p));
  }

  addFriend(p?: object): JmHandle {
    return this.#core.defer(onDemand, (area) => area.addFriend(this.#core, p));
  }

  delFriend(p?: object): JmHandle {
    return this.#core.defer(onDemand, (area) => area.delFriend(this.#core, p));
  }

  updateFriendMemo(p?: object): JmHandle {
    return this.#core.defer(onDemand, (area) => area.updateFriendMemo(this.#core, p));
  }

  getBlacks(p?: object): JmHandle {
    return this.#core.defer(onDemand, (area) => area.getBlacks(this.#core, p));
  }

  addSingleBlacks(p?: object): JmHandle {
    return this.#core.defer(onDemand, (area) => area.addSingleBlacks(this.#core, p));
  }

  delSingleBlacks(p?: object): JmHandle {
    return this.#core.defer(onDemand, (area) => area.delSingleBlacks(this.#core, p));
  }

  getNoDisturb(p?: object): JmHandle {
    return this.#core.defer(onDemand, (area) => area.getNoDisturb(this.#core, p));
  }

  addSingleNoDisturb(p?: object): JmHandle {
    return this.#core.defer(onDemand, (area) => area.addSingleNoDisturb(this.#core, p));
  }

  delSingleNoDisturb(p?: object): JmHandle {
    return this.#core.defer(onDemand, (area) => area.delSingleNoDisturb(this.#core, p));
  }

  addGroupNoDisturb(p?: object): JmHandle {
    return this.#core.defer(onDemand, (area) => area.addGroupNoDisturb(this.#core, p));
  }

  delGroupNoDisturb(p?: object): JmHandle {
    return this.#core.defer(onDemand, (area) => area.delGroupNoDisturb(this.#core, p));
  }

  addGroupShield(p?: object): JmHandle {
    return this.#core.defer(onDemand, (area) => area.addGroupShield(this.#core, p));
  }

  delGroupShield(p?: object): JmHandle {
    return this.#core.defer(onDemand, (area) => area.delGroupShield(this.#core, p));
  }

  addGlobalNoDisturb(p?: object): JmHandle {
    return this.#core.defer(onDemand, (area) => area.addGlobalNoDisturb(this.#core, p));
  }

  delGlobalNoDisturb(p?: object): JmHandle {
    return this.#core.defer(onDemand, (area) => area.delGlobalNoDisturb(this.#core, p));
  }

  // ——— groups ———

  createGroup(p?: object): JmHandle {
    return this.#core.defer(onDemand, (area) => area.createGroup(this.#core, p));
  }

  exitGroup(p?: object): JmHandle {
    return this.#core.defer(onDemand, (area) => area.exitGroup(this.#core, p));
  }

  addGroupMembers(p?: object): JmHandle {
    return this.#core.defer(onDemand, (area) => area.addGroupMembers(this.#core, p));
  }

  delGroupMembers(p?: object): JmHandle {
    return this.#core.defer(onDemand, (area) => area.delGroupMembers(this.#core, p));
  }

  getGroups(p?: object): JmHandle {
    return getGroups(this.#core, p);
  }

  getGroupInfo(p?: object): JmHandle {
    return this.#core.defer(onDemand, (area) => area.getGroupInfo(this.#core, p));
  }

  updateGroupInfo(p?: object): JmHandle {
    return this.#core.defer(onDemand, (area) => area.updateGroupInfo(this.#core, p));
  }

  getGroupMembers(p?: object): JmHandle {
    return this.#core.defer(onDemand, (area) => area.getGroupMembers(this.#core, p));
  }
}
