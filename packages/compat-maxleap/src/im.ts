import * as groups from './areas/groups.js';
import type { OutgoingMessage } from './areas/messages.js';
import * as messages from './areas/messages.js';
import * as users from './areas/users.js';
import { type LoginResult, MlCore, VERSION } from './core.js';

/** The conversation types of `to.type` / `from.type` (§4.2). */
export const TargetType = { FRIEND: 0, GROUP: 1, ROOM: 2, PASSENGER: 3 } as const;
/** `content.media` (§4.1). */
export const Media = { TEXT: 0, IMAGE: 1, AUDIO: 2, VIDEO: 3 } as const;

/**
 * One message being built: `toFriend(id).text('hi').ok()`. Each `to…` call starts a fresh one, so
 * interleaved chains do not disturb each other (the 3.0.x SDK shared one on the instance).
 */
export class MessageBuilder {
  /** The pending message (`{to, content}`), the vendor's `im.req`. */
  readonly req: OutgoingMessage;

  constructor(
    private readonly core: MlCore,
    to: { id: string; type: number },
  ) {
    this.req = { to, content: { media: Media.TEXT, body: '' } };
  }

  text(text: string): this {
    this.req.content = { media: Media.TEXT, body: String(text) };
    return this;
  }

  /** An image: a File, Blob or FormData to upload on `ok()`, or a URL already uploaded. */
  image(data: unknown): this {
    this.req.content = { media: Media.IMAGE, body: data };
    return this;
  }

  audio(data: unknown): this {
    this.req.content = { media: Media.AUDIO, body: data };
    return this;
  }

  video(data: unknown): this {
    this.req.content = { media: Media.VIDEO, body: data };
    return this;
  }

  /** An already-uploaded URL as the body (`{media = 0, body}`), sent by `send()` or `ok()` without uploading. */
  mediaUrl(content: { media?: number; body: string }): this {
    this.req.content = { media: content?.media ?? Media.TEXT, body: content?.body };
    return this;
  }

  /** Sends it (media is uploaded first); fire and forget: nothing is returned or reported. */
  ok(): void {
    messages.sendMessage(this.core, { ...this.req, ts: Date.now() }, true);
  }

  /** Sends it as it is, never uploading (`mediaUrl` messages). */
  send(): void {
    messages.sendMessage(this.core, { ...this.req, ts: Date.now() }, false);
  }
}

/**
 * The object `ML.im(options, callback)` returns: connected and logging in at once, with every
 * REST helper (Node-style `(err, data)` callbacks), the message builder and the five listeners.
 */
export class MlInstance {
  readonly #core: MlCore;
  #current: MessageBuilder | undefined;

  constructor(options: unknown, callback?: (data: LoginResult) => void) {
    this.#core = new MlCore(options, [messages.messagesWiring]);
    this.#core.start(callback ?? ((data) => data.success && console.log(`${data.id} connected!`)));
  }

  /** The options the instance was made with (the vendor's `im.cache`). */
  get cache(): object {
    return this.#core.options;
  }

  /** The message being built by the last `to…` call (the vendor's `im.req`). */
  get req(): OutgoingMessage | undefined {
    return this.#current?.req;
  }

  // ——— builder (each to… starts a fresh message; the instance keeps working on the current one) ———

  toFriend(friendId: string): MessageBuilder {
    return this.#start(friendId, TargetType.FRIEND);
  }

  toGroup(groupId: string): MessageBuilder {
    return this.#start(groupId, TargetType.GROUP);
  }

  toRoom(roomId: string): MessageBuilder {
    return this.#start(roomId, TargetType.ROOM);
  }

  text(text: string): MessageBuilder {
    return this.#builder().text(text);
  }

  image(data: unknown): MessageBuilder {
    return this.#builder().image(data);
  }

  audio(data: unknown): MessageBuilder {
    return this.#builder().audio(data);
  }

  video(data: unknown): MessageBuilder {
    return this.#builder().video(data);
  }

  mediaUrl(content: { media?: number; body: string }): MessageBuilder {
    return this.#builder().mediaUrl(content);
  }

  ok(): void {
    this.#builder().ok();
  }

  send(): void {
    this.#builder().send();
  }

  #start(id: string, type: number): MessageBuilder {
    this.#current = new MessageBuilder(this.#core, { id: String(id), type });
    return this.#current;
  }

  #builder(): MessageBuilder {
    if (!this.#current) throw new Error('call toFriend, toGroup or toRoom first');
    return this.#current;
  }

  // ——— listeners (they add up; there is no off, as in the vendor SDK) ———

  onMessage(handler: (msg: unknown) => void): this {
    this.#core.listeners.message.push(handler);
    return this;
  }

  online(handler: (userId: unknown) => void): this {
    this.#core.listeners.online.push(handler);
    return this;
  }

  offline(handler: (userId: unknown) => void): this {
    this.#core.listeners.offline.push(handler);
    return this;
  }

  sys(handler: (msg: unknown) => void): this {
    this.#core.listeners.sys.push(handler);
    return this;
  }

  yourself(handler: (msg: unknown) => void): this {
    this.#core.listeners.yourself.push(handler);
    return this;
  }

  /** (Re)connects with the login callback (`ML.im()` calls it already). */
  open(callback?: (data: LoginResult) => void): this {
    if (callback) this.#core.start(callback);
    return this;
  }

  // ——— REST helpers (`(…, callback)`, Node-style) ———

  userInfo(...args: unknown[]): void {
    users.userInfo(this.#core, ...args);
  }

  listFriends(...args: unknown[]): void {
    users.listFriends(this.#core, ...args);
  }

  addFriend(...args: unknown[]): void {
    users.addFriend(this.#core, ...args);
  }

  rmFriend(...args: unknown[]): void {
    users.rmFriend(this.#core, ...args);
  }

  getFriendshipInfo(...args: unknown[]): void {
    users.getFriendshipInfo(this.#core, ...args);
  }

  searchUsers(...args: unknown[]): void {
    users.searchUsers(this.#core, ...args);
  }

  setUserAttributes(...args: unknown[]): void {
    users.setUserAttributes(this.#core, ...args);
  }

  coverSetUserAttributes(...args: unknown[]): void {
    users.coverSetUserAttributes(this.#core, ...args);
  }

  getUserAttributes(...args: unknown[]): void {
    users.getUserAttributes(this.#core, ...args);
  }

  getUserOneAttribute(...args: unknown[]): void {
    users.getUserOneAttribute(this.#core, ...args);
  }

  rmUserAttributes(...args: unknown[]): void {
    users.rmUserAttributes(this.#core, ...args);
  }

  addOrModifyPassenger(...args: unknown[]): void {
    users.addOrModifyPassenger(this.#core, ...args);
  }

  getPassenger(...args: unknown[]): void {
    users.getPassenger(this.#core, ...args);
  }

  listGroups(...args: unknown[]): void {
    groups.listGroups(this.#core, ...args);
  }

  addGroup(...args: unknown[]): void {
    groups.addGroup(this.#core, ...args);
  }

  getGroup(...args: unknown[]): void {
    groups.getGroup(this.#core, ...args);
  }

  updateGroup(...args: unknown[]): void {
    groups.updateGroup(this.#core, ...args);
  }

  rmGroup(...args: unknown[]): void {
    groups.rmGroup(this.#core, ...args);
  }

  addGroupMembers(...args: unknown[]): void {
    groups.addGroupMembers(this.#core, ...args);
  }

  rmGroupMembers(...args: unknown[]): void {
    groups.rmGroupMembers(this.#core, ...args);
  }

  searchGroups(...args: unknown[]): void {
    groups.searchGroups(this.#core, ...args);
  }

  setGroupAttributes(...args: unknown[]): void {
    groups.setGroupAttributes(this.#core, ...args);
  }

  coverSetGroupAttributes(...args: unknown[]): void {
    groups.coverSetGroupAttributes(this.#core, ...args);
  }

  getGroupAttributes(...args: unknown[]): void {
    groups.getGroupAttributes(this.#core, ...args);
  }

  getGroupOneAttribute(...args: unknown[]): void {
    groups.getGroupOneAttribute(this.#core, ...args);
  }

  rmGroupAttributes(...args: unknown[]): void {
    groups.rmGroupAttributes(this.#core, ...args);
  }

  listRooms(...args: unknown[]): void {
    groups.listRooms(this.#core, ...args);
  }

  addRoom(...args: unknown[]): void {
    groups.addRoom(this.#core, ...args);
  }

  getRoom(...args: unknown[]): void {
    groups.getRoom(this.#core, ...args);
  }

  updateRoom(...args: unknown[]): void {
    groups.updateRoom(this.#core, ...args);
  }

  rmRoom(...args: unknown[]): void {
    groups.rmRoom(this.#core, ...args);
  }

  addRoomMembers(...args: unknown[]): void {
    groups.addRoomMembers(this.#core, ...args);
  }

  rmRoomMembers(...args: unknown[]): void {
    groups.rmRoomMembers(this.#core, ...args);
  }

  searchRooms(...args: unknown[]): void {
    groups.searchRooms(this.#core, ...args);
  }

  setRoomAttributes(...args: unknown[]): void {
    groups.setRoomAttributes(this.#core, ...args);
  }

  coverSetRoomAttributes(...args: unknown[]): void {
    groups.coverSetRoomAttributes(this.#core, ...args);
  }

  getRoomAttributes(...args: unknown[]): void {
    groups.getRoomAttributes(this.#core, ...args);
  }

  getRoomOneAttribute(...args: unknown[]): void {
    groups.getRoomOneAttribute(this.#core, ...args);
  }

  rmRoomAttributes(...args: unknown[]): void {
    groups.rmRoomAttributes(this.#core, ...args);
  }

  attachment(...args: unknown[]): void {
    messages.attachment(this.#core, ...args);
  }

  getRecentChat(...args: unknown[]): void {
    messages.getRecentChat(this.#core, ...args);
  }

  getGroupChat(...args: unknown[]): void {
    messages.getGroupChat(this.#core, ...args);
  }

  getPassengerRecentChat(...args: unknown[]): void {
    messages.getPassengerRecentChat(this.#core, ...args);
  }

  sysToAll(...args: unknown[]): void {
    messages.sysToAll(this.#core, ...args);
  }

  sysToUser(...args: unknown[]): void {
    messages.sysToUser(this.#core, ...args);
  }

  sysToGroup(...args: unknown[]): void {
    messages.sysToGroup(this.#core, ...args);
  }

  sysToRoom(...args: unknown[]): void {
    messages.sysToRoom(this.#core, ...args);
  }
}

/** `ML.im(options, callback)`: a new instance, connected at once; `ML.im.version`. */
export const im = Object.assign((options: unknown, callback?: (data: LoginResult) => void): MlInstance => new MlInstance(options, callback), { version: VERSION });
