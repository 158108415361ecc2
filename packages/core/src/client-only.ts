/**
 * `@parley/core/client`: the client, its data model, codes, errors, content builders and
 * derived values, without the API areas (`chatOf`, `convsOf`, `groupsOf`, `roomsOf`,
 * `contactsOf`, `mediaOf`), which `@parley/core` adds. Bundlers split code by file: a module
 * the page loads first that imports `@parley/core` reaches every area's file, and so pulls all
 * of them into the page's first download even when only a part loaded later calls them. Code
 * that must stay small (adapters, the shim kit, a compat package's start-up path) imports this
 * entry; what it loads on demand imports `@parley/core`.
 */

export * from './adapter.js';
export { ConvMark, PresenceStatus, ReceiveOpt, RoomChannel, RoomKind } from './api/constants.js';
export { type GroupPatch, GroupRole, GroupType, JoinOption, type MemberResults, type NewGroup } from './api/group-types.js';
export { absoluteMediaUrl, mediaOrigin } from './api/media-url.js';
export { fetchProfiles } from './api/profiles.js';
export { type Content, combine, createAudio, createCard, createCustom, createFace, createFile, createForward, createImage, createLocation, createMerger, createQuote, createText, createVideo, type DraftMessage, type ForwardDraft, hasPendingUploads, isBlob, MERGER_BODY_FILE, type Media, MediaKind, type MediaOptions, type MediaSource, type Mentions, type MergerOptions, type PendingUpload, snapshotMessage, type UploadedMedia, type VideoOptions } from './builders.js';
export { Client, createClient, type LoginOptions, type MessageDraft } from './client.js';
export type { Codec } from './codec.js';
export { type ConnectionState, KickReason, type KickReasonValue } from './codes.js';
export type { RequestOptions } from './connection.js';
export { type DisplayNameSources, defaultFallbackLabels, displayName, ElementKind, type ElementKindName, elementKindOf, elementText, type FallbackLabels, fallbackText, isPeerRead, type Lookup, type MentionState, type MessageSearch, matchesSearch, mentionState, totalUnread, type UnreadRule } from './derived.js';
export type { Environment } from './environment.js';
export type { ClientEvents, PushFrame } from './events.js';
export { type Block, type Conversation, type ConvFolder, ConvType, type Element, type Friend, type FriendGroup, type FriendRequest, type Group, type GroupMember, type GroupMembership, type Message, type MessageRef, type MessageStatus, type Presence, type Profile, type Room, type Settings, type SystemHead } from './model.js';
export type { AppProof, AppRef, ClientInfo, ClientOptions, Credential } from './options.js';
export type { PreLoginRequest } from './prelogin.js';
export type { CollectionChange } from './store/collection.js';
