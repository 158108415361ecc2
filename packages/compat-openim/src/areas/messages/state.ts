import type { Content, MessageRef } from '@parley/core';
import type { OpenImCore } from '../../core.js';

/** A message a creator made and nobody has sent yet: its canonical content. */
export interface Draft {
  content: Content;
  clientTime: number;
  cloudCustomData?: string;
}

/**
 * What the messages area remembers per SDK object. It holds no vendor state of its own beyond
 * bookkeeping: unsent drafts, what was already announced (so every message is announced once),
 * and where the messages it handed out live (so a `clientMsgID` can anchor a history page).
 */
export interface MessagesState {
  /** Created, unsent messages by clientMsgID (most recent {@link LIMIT}). */
  drafts: Map<string, Draft>;
  /** `m:<clientMsgID>` of messages announced or sent here; `r:<clientMsgID>` of revokes announced or made here. */
  seen: Set<string>;
  /** Where each message handed to the app lives, by clientMsgID. */
  refs: Map<string, MessageRef>;
}

/** How many entries each memory keeps; the oldest go first. */
const LIMIT = 5000;

const states = new WeakMap<OpenImCore, MessagesState>();

/** The messages area's memory of one SDK object. */
export function stateOf(core: OpenImCore): MessagesState {
  let state = states.get(core);
  if (!state) {
    state = { drafts: new Map(), seen: new Set(), refs: new Map() };
    states.set(core, state);
  }
  return state;
}

/** Adds to a bounded map or set (insertion order is age order). */
export function remember<K, V>(store: Map<K, V> | Set<K>, key: K, value?: V): void {
  store.delete(key);
  if (store instanceof Map) store.set(key, value as V);
  else store.add(key);
  if (store.size > LIMIT) {
    const oldest = store.keys().next();
    if (!oldest.done) store.delete(oldest.value);
  }
}

/** Marks a message as announced; false when it already was. */
export function firstSight(core: OpenImCore, key: string): boolean {
  const { seen } = stateOf(core);
  if (seen.has(key)) return false;
  remember(seen, key);
  return true;
}
