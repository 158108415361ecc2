/**
 * `@parley/core`: the Parley client. It owns the seams (`Transport`, `Codec`,
 * `StorageAdapter`) and receives their implementations by injection.
 */
export type { Codec } from './codec.js';
export { ClientCode, type ClientCodeName, type ClientCodeValue, clientCodeName, type ConnectionState, KickReason, type KickReasonValue } from './codes.js';
export { ConnectionError, isParleyError, ParleyError, type ParleyErrorOptions, RequestError, StorageError, TimeoutError, TransportError, UploadError } from './errors.js';
export { compareKeys, isValidKey } from './keys.js';
export type { KeyPart, RangeQuery, StorageAdapter, StorageFactory, StorageKey, StorageOp, StorageRecord, StorageScope } from './storage.js';
export type { Transport, TransportCloseInfo, TransportConnection, TransportHandlers, TransportRequest } from './transport.js';
export { Client, createClient, type LoginOptions, type MessageDraft } from './client.js';
export type { RequestOptions } from './connection.js';
export type { Environment } from './environment.js';
export type { ClientEvents, PushFrame } from './events.js';
export type { AppProof, AppRef, ClientInfo, ClientOptions, Credential } from './options.js';
export { ConvType, type Block, type ConvFolder, type Conversation, type Element, type Friend, type FriendGroup, type FriendRequest, type Group, type GroupMember, type GroupMembership, type Message, type MessageRef, type MessageStatus, type Presence, type Profile, type Room, type Settings, type SystemHead } from './model.js';
export type { CollectionChange } from './store/collection.js';
