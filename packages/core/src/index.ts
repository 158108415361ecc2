/**
 * `@parley/core`: the Parley client. It owns the seams (`Transport`, `Codec`,
 * `StorageAdapter`) and receives their implementations by injection.
 */

export { ContactsApi, contactsOf, type FriendCheck, type FriendRelation, type ItemResult, PresenceStatus, type ProfilePatch, type SearchQuery, type Side } from './api/contacts.js';
export { type ConversationPage, type ConversationPatch, ConversationsApi, ConvMark, convsOf, type ListOptions, ReceiveOpt } from './api/conversations.js';
export { type AttrMode, type AttrStore, type GroupPatch, GroupRole, GroupsApi, GroupType, groupsOf, JoinOption, type MemberResults, type NewGroup } from './api/groups.js';
export { MediaApi, type MediaSendOptions, mediaOf, type UploadOptions } from './api/media.js';
export { chatOf, type ExtensionValue, type HistoryOptions, type HistoryPage, MessagesApi, type MessageTarget, type ReceiptStatus, refOf, type SearchOptions } from './api/messages.js';
export { type EvictReason, RoomChannel, type RoomEvents, RoomHandle, type RoomKick, RoomKind, type RoomMute, type RoomSendOptions } from './api/room-handle.js';
export { type JoinOptions, type RoomPatch, RoomsApi, type RoomTarget, roomsOf } from './api/rooms.js';
export { type Content, combine, createAudio, createCard, createCustom, createFace, createFile, createForward, createImage, createLocation, createMerger, createQuote, createText, createVideo, type DraftMessage, type ForwardDraft, hasPendingUploads, isBlob, MERGER_BODY_FILE, type Media, MediaKind, type MediaOptions, type MediaSource, type Mentions, type MergerOptions, type PendingUpload, snapshotMessage, type UploadedMedia, type VideoOptions } from './builders.js';
export { Client, createClient, type LoginOptions, type MessageDraft } from './client.js';
export type { Codec } from './codec.js';
export { ClientCode, type ClientCodeName, type ClientCodeValue, type ConnectionState, clientCodeName, KickReason, type KickReasonValue } from './codes.js';
export type { RequestOptions } from './connection.js';
export { type DisplayNameSources, defaultFallbackLabels, displayName, ElementKind, type ElementKindName, elementKindOf, elementText, type FallbackLabels, fallbackText, isPeerRead, type Lookup, type MentionState, type MessageSearch, matchesSearch, mentionState, totalUnread, type UnreadRule } from './derived.js';
export type { Environment } from './environment.js';
export { ConnectionError, isParleyError, ParleyError, type ParleyErrorOptions, RequestError, StorageError, TimeoutError, TransportError, UploadError } from './errors.js';
export type { ClientEvents, PushFrame } from './events.js';
export { compareKeys, isValidKey } from './keys.js';
export { type Block, type Conversation, type ConvFolder, ConvType, type Element, type Friend, type FriendGroup, type FriendRequest, type Group, type GroupMember, type GroupMembership, type Message, type MessageRef, type MessageStatus, type Presence, type Profile, type Room, type Settings, type SystemHead } from './model.js';
export type { AppProof, AppRef, ClientInfo, ClientOptions, Credential } from './options.js';
export type { PreLoginRequest } from './prelogin.js';
export type { KeyPart, RangeQuery, StorageAdapter, StorageFactory, StorageKey, StorageOp, StorageRecord, StorageScope } from './storage.js';
export type { CollectionChange } from './store/collection.js';
export type { Transport, TransportCloseInfo, TransportConnection, TransportHandlers, TransportRequest } from './transport.js';
