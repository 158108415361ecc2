/**
 * `@parley/core`: the Parley client. It owns the seams (`Transport`, `Codec`,
 * `StorageAdapter`) and receives their implementations by injection. This entry adds the API
 * areas to `@parley/core/client` (see there for which to import).
 */

export * from './api/contacts.js';
export * from './api/conversations.js';
export * from './api/groups.js';
export * from './api/media.js';
export * from './api/messages.js';
export * from './api/room-handle.js';
export * from './api/rooms.js';
export * from './client-only.js';
