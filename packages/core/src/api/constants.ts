/**
 * The API areas' constants, in a module of their own: code that only names them (a compat
 * package's converters and event wiring) does not bring the areas themselves into a bundle.
 */

/** Receive options of a conversation (the wire's `ReceiveOpt`). */
export const ReceiveOpt = { NOTIFY: 0, SILENT: 1, BLOCK: 2 } as const;

/** Conversation marks (T `markConversation`): runtime bit values; custom bits may be added. */
export const ConvMark = { STAR: 0x1, UNREAD: 0x2, FOLD: 0x4, HIDE: 0x8 } as const;

/** Room kinds (the wire's `RoomKind`; CAPABILITIES.md §1.9). */
export const RoomKind = { LIVE: 0, LISTED: 1, CHANNEL: 2 } as const;

/** Message channels inside a room (the wire's `RoomChannel`: H group, text chat, unicast). */
export const RoomChannel = { GROUP: 0, TEXT_CHAT: 1, UNICAST: 2 } as const;

/** Presence states (the wire's `PresenceStatus`). */
export const PresenceStatus = { UNKNOWN: 0, ONLINE: 1, DISCONNECTED: 2, OFFLINE: 3 } as const;
