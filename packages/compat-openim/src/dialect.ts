import { parseConversationId } from './ids.js';

/**
 * What a result or event payload is, so a generation can reshape it: the areas produce the 2.x
 * shapes (openim.md §4) as plain objects, and the dialect turns them into what the app sees.
 */
export type Kind =
  | 'raw'
  | 'ok'
  | 'message'
  | 'messages'
  | 'conversation'
  | 'conversations'
  | 'user'
  | 'users'
  | 'friend'
  | 'black'
  | 'friendApplication'
  | 'friendApplications'
  | 'totalUsers'
  | 'group'
  | 'groups'
  | 'member'
  | 'members'
  | 'groupApplication'
  | 'groupApplications'
  | 'receipts'
  | 'results';

/** The difference between open-im-sdk 2.x and the 3.x `getSDK()` (ID forms, data encoding, enum values). */
export interface Dialect {
  readonly generation: 2 | 3;
  /** The `WsResponse.data` for a value of this kind. */
  out(kind: Kind, value: unknown): unknown;
  /** A conversation ID of this generation: its session type (1 single, 2 group) and source ID. */
  parseConversationId(id: unknown): { sessionType: 1 | 2; sourceID: string } | undefined;
  /** A message argument (2.x: MessageItem JSON; 3.x: a MessageItem object) in the 2.x object shape. */
  messageIn(value: unknown): Record<string, unknown> | undefined;
}

/** The 2.x dialect: every `data` is a string, JSON text or a scalar, and IDs are `single_…`/`group_…`. */
export const V2: Dialect = {
  generation: 2,
  out: (_kind, value) => (typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value)),
  parseConversationId,
  messageIn(value) {
    if (typeof value !== 'string') return undefined;
    try {
      const parsed: unknown = JSON.parse(value);
      return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  },
};
