import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Hummer from '../src/index.js';

/**
 * The real `hummer-chatroom-sdk@2.2.1` (a devDependency): its UMD bundle is loaded in Node with a
 * `window` and an inert `WebSocket`, and only inspected: constants, message factory, and the
 * methods of its hummer, ChatRoom and Channel objects. Nothing connects.
 */
type VendorObject = Record<string, unknown>;
interface VendorHummer {
  VERSION: string;
  ConnectionState: Record<string, string>;
  ConnectionChangeReason: Record<string, string>;
  createMessage(type: number, content: string): unknown;
  createHummer(options: { appid: number }): VendorObject & {
    createChatRoomInstance(o: object): VendorObject;
    createChannel(o: object): VendorObject;
  };
}

let vendor: VendorHummer;
const saved: Record<string, unknown> = {};
const g = globalThis as Record<string, unknown>;

beforeAll(() => {
  for (const key of ['window', 'WebSocket']) saved[key] = g[key];
  g.window = globalThis;
  g.WebSocket = class {
    send(): void {}
    close(): void {}
  };
  const quiet = { log: console.log, info: console.info, debug: console.debug, warn: console.warn };
  console.log = console.info = console.debug = console.warn = () => {};
  try {
    vendor = createRequire(import.meta.url)('hummer-chatroom-sdk') as VendorHummer;
  } finally {
    Object.assign(console, quiet);
  }
});
afterAll(() => {
  for (const [key, value] of Object.entries(saved)) g[key] = value;
});

/** Every function reachable on an object's prototype chain. */
function methods(o: object): Set<string> {
  const out = new Set<string>();
  for (let p: object | null = o; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    for (const name of Object.getOwnPropertyNames(p)) if (name !== 'constructor' && typeof (o as Record<string, unknown>)[name] === 'function') out.add(name);
  }
  return out;
}

/** The public API of the inventory (hummer.md §2), as far as the vendor runtime has it too. */
const HUMMER_API = ['setLogLevel', 'getConnectionState', 'getState', 'login', 'logout', 'refreshToken', 'createChatRoom', 'getChatRoomUserCount', 'createChatRoomInstance', 'fetchUserOnlineStatus', 'sendP2PMessage', 'createChannel', 'creatChannelInstance', 'on', 'off', 'once', 'addEventListener'];
const ROOM_API = [
  'joinChatRoom', 'leaveChatRoom', 'sendGroupMessage', 'sendSingleUserMessage', 'sendTextChat', 'getChatRoomAttributes', 'updateChatRoomAttributes',
  'getChatRoomManager', 'getUserList', 'setUserAttributes', 'getUserAttributesList', 'muteUser', 'unMuteUser', 'getMutedUserList', 'fetchHistoryMessages',
  'setRoomExtraAttributes', 'updateRoomExtraAttributes', 'deleteRoomExtraAttributes', 'clearRoomExtraAttributes', 'fetchRoomExtraAttributes', 'kickOffUser',
  'dismissChatRoom', 'on', 'off', 'once', 'addEventListener',
];
const CHANNEL_API = ['joinChannel', 'leaveChannel', 'sendP2CMessage', 'on', 'off', 'once', 'addEventListener'];

describe('against the real hummer-chatroom-sdk 2.2.1', () => {
  it('has the same VERSION, ConnectionState and ConnectionChangeReason', () => {
    expect(Hummer.VERSION).toBe(vendor.VERSION);
    expect(Hummer.ConnectionState).toEqual(vendor.ConnectionState);
    expect(Hummer.ConnectionChangeReason).toEqual(vendor.ConnectionChangeReason);
  });

  it('createMessage gives the same TEXT message, and null for the other types', () => {
    expect(Hummer.createMessage(0, 'hi')).toEqual(vendor.createMessage(0, 'hi'));
    expect(Hummer.createMessage(1, 'hi')).toBe(vendor.createMessage(1, 'hi'));
    expect(Hummer.createMessage(2, 'hi')).toBeNull();
  });

  it('the hummer, ChatRoom and Channel objects have every documented method the vendor runtime has, and a fresh hummer is DISCONNECTED', () => {
    const theirs = vendor.createHummer({ appid: 1350626568 });
    const ours = Hummer.createHummer({ appid: 1350626568 });
    const pairs: Array<[string[], object, object]> = [
      [HUMMER_API, theirs, ours],
      [ROOM_API, theirs.createChatRoomInstance({ region: 'cn', roomid: 1 }), ours.createChatRoomInstance({ region: 'cn', roomid: 1 })],
      [CHANNEL_API, theirs.createChannel({ region: 'cn', channelId: 'c' }), ours.createChannel({ region: 'cn', channelId: 'c' })],
    ];
    for (const [api, vendorObject, ourObject] of pairs) {
      const vendorMethods = methods(vendorObject);
      const ourMethods = methods(ourObject);
      expect(api.filter((name) => !vendorMethods.has(name))).toEqual([]);
      expect(api.filter((name) => !ourMethods.has(name))).toEqual([]);
    }
    expect(ours.getConnectionState()).toBe((theirs.getConnectionState as () => string)());
  });
});
