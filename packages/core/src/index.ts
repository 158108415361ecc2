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
export { ContactsApi, contactsOf, type FriendCheck, type FriendRelation, type ItemResult, PresenceStatus, type ProfilePatch, type SearchQuery, type Side } from './api/contacts.js';
export { type AttrMode, type AttrStore, GroupRole, type GroupPatch, GroupsApi, groupsOf, GroupType, JoinOption, type MemberResults, type NewGroup } from './api/groups.js';
export { type EvictReason, RoomChannel, RoomHandle, RoomKind, type RoomEvents, type RoomKick, type RoomMute, type RoomSendOptions } from './api/room-handle.js';
export { type JoinOptions, type RoomPatch, RoomsApi, roomsOf, type RoomTarget } from './api/rooms.js';
export { MediaKind, combine, createAudio, createCard, createCustom, createFace, createFile, createForward, createImage, createLocation, createMerger, createQuote, createText, createVideo, hasPendingUploads, isBlob, MERGER_BODY_FILE, snapshotMessage, type Content, type DraftMessage, type ForwardDraft, type Media, type MediaOptions, type MediaSource, type Mentions, type MergerOptions, type PendingUpload, type UploadedMedia, type VideoOptions } from './builders.js';
export { defaultFallbackLabels, displayName, ElementKind, elementKindOf, elementText, fallbackText, isPeerRead, matchesSearch, mentionState, totalUnread, type DisplayNameSources, type ElementKindName, type FallbackLabels, type Lookup, type MentionState, type MessageSearch, type UnreadRule } from './derived.js';
export { chatOf, MessagesApi, refOf, type ExtensionValue, type HistoryOptions, type HistoryPage, type MessageTarget, type ReceiptStatus, type SearchOptions } from './api/messages.js';
export { ConversationsApi, ConvMark, convsOf, ReceiveOpt, type ConversationPage, type ConversationPatch, type ListOptions } from './api/conversations.js';
export { MediaApi, mediaOf, type MediaSendOptions, type UploadOptions } from './api/media.js';
