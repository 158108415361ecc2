import * as groups from './areas/groups.js';
import * as messages from './areas/messages.js';
import * as relations from './areas/relations.js';
import * as users from './areas/users.js';
import { JmCore, VERSION } from './core.js';
import type { JmHandle } from './handle.js';

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
    this.#core = new JmCore(options?.debug === true, [messages.messagesWiring, relations.relationsWiring, groups.groupsWiring]);
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
    return users.getUserInfo(this.#core, p);
  }

  updateSelfInfo(p?: object): JmHandle {
    return users.updateSelfInfo(this.#core, p);
  }

  updateSelfAvatar(p?: object): JmHandle {
    return users.updateSelfAvatar(this.#core, p);
  }

  updateSelfPwd(p?: object): JmHandle {
    return users.updateSelfPwd(this.#core, p);
  }

  // ——— messages and media ———

  getConversation(p?: object): JmHandle {
    return messages.getConversation(this.#core, p);
  }

  sendSingleMsg(p?: object): JmHandle {
    return messages.sendSingleMsg(this.#core, p);
  }

  sendSinglePic(p?: object): JmHandle {
    return messages.sendSinglePic(this.#core, p);
  }

  sendSingleFile(p?: object): JmHandle {
    return messages.sendSingleFile(this.#core, p);
  }

  sendSingleLocation(p?: object): JmHandle {
    return messages.sendSingleLocation(this.#core, p);
  }

  sendSingleCustom(p?: object): JmHandle {
    return messages.sendSingleCustom(this.#core, p);
  }

  sendGroupMsg(p?: object): JmHandle {
    return messages.sendGroupMsg(this.#core, p);
  }

  sendGroupPic(p?: object): JmHandle {
    return messages.sendGroupPic(this.#core, p);
  }

  sendGroupFile(p?: object): JmHandle {
    return messages.sendGroupFile(this.#core, p);
  }

  sendGroupLocation(p?: object): JmHandle {
    return messages.sendGroupLocation(this.#core, p);
  }

  sendGroupCustom(p?: object): JmHandle {
    return messages.sendGroupCustom(this.#core, p);
  }

  getResource(p?: object): JmHandle {
    return messages.getResource(this.#core, p);
  }

  // ——— friends, blacklist, no-disturb ———

  getFriendList(p?: object): JmHandle {
    return relations.getFriendList(this.#core, p);
  }

  addFriend(p?: object): JmHandle {
    return relations.addFriend(this.#core, p);
  }

  delFriend(p?: object): JmHandle {
    return relations.delFriend(this.#core, p);
  }

  updateFriendMemo(p?: object): JmHandle {
    return relations.updateFriendMemo(this.#core, p);
  }

  getBlacks(p?: object): JmHandle {
    return relations.getBlacks(this.#core, p);
  }

  addSingleBlacks(p?: object): JmHandle {
    return relations.addSingleBlacks(this.#core, p);
  }

  delSingleBlacks(p?: object): JmHandle {
    return relations.delSingleBlacks(this.#core, p);
  }

  getNoDisturb(p?: object): JmHandle {
    return relations.getNoDisturb(this.#core, p);
  }

  addSingleNoDisturb(p?: object): JmHandle {
    return relations.addSingleNoDisturb(this.#core, p);
  }

  delSingleNoDisturb(p?: object): JmHandle {
    return relations.delSingleNoDisturb(this.#core, p);
  }

  addGroupNoDisturb(p?: object): JmHandle {
    return relations.addGroupNoDisturb(this.#core, p);
  }

  delGroupNoDisturb(p?: object): JmHandle {
    return relations.delGroupNoDisturb(this.#core, p);
  }

  addGroupShield(p?: object): JmHandle {
    return relations.addGroupShield(this.#core, p);
  }

  delGroupShield(p?: object): JmHandle {
    return relations.delGroupShield(this.#core, p);
  }

  addGlobalNoDisturb(p?: object): JmHandle {
    return relations.addGlobalNoDisturb(this.#core, p);
  }

  delGlobalNoDisturb(p?: object): JmHandle {
    return relations.delGlobalNoDisturb(this.#core, p);
  }

  // ——— groups ———

  createGroup(p?: object): JmHandle {
    return groups.createGroup(this.#core, p);
  }

  exitGroup(p?: object): JmHandle {
    return groups.exitGroup(this.#core, p);
  }

  addGroupMembers(p?: object): JmHandle {
    return groups.addGroupMembers(this.#core, p);
  }

  delGroupMembers(p?: object): JmHandle {
    return groups.delGroupMembers(this.#core, p);
  }

  getGroups(p?: object): JmHandle {
    return groups.getGroups(this.#core, p);
  }

  getGroupInfo(p?: object): JmHandle {
    return groups.getGroupInfo(this.#core, p);
  }

  updateGroupInfo(p?: object): JmHandle {
    return groups.updateGroupInfo(this.#core, p);
  }

  getGroupMembers(p?: object): JmHandle {
    return groups.getGroupMembers(this.#core, p);
  }
}
