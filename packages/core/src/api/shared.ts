import type { parley } from '@parley/protocol';

/** A per-user outcome of a batch op: `code` 0 is success, otherwise a server `ErrorCode`. */
export interface ItemResult {
  id: string;
  code: number;
  message: string;
}

/** Directory search (MaxLeap `_skip/_limit/_sort`); `filter` values are JSON text. */
export interface SearchQuery {
  skip?: number;
  limit?: number;
  /** Comma-separated fields; a leading `-` sorts descending. */
  sort?: string;
  filter?: Record<string, string>;
}

/** Which side of a request or relation. */
export type Side = 'in' | 'out' | 'both';

/** {@link Side} names to the wire's `parley.v1.Side`. */
export const SIDE = { both: 0, in: 1, out: 2 } as const;

/** Custom-field write modes to the wire's `parley.v1.PatchMode`. */
export const CUSTOM_MODE = { merge: 0, replace: 1, clear: 2, removeKeys: 3 } as const;

/** User references for a request that takes `UserRef`s. */
export const refs = (userIds: readonly string[]): Array<{ userId: string }> => userIds.map((userId) => ({ userId }));

/** The ids of the items that succeeded. */
export const succeeded = (results: readonly ItemResult[]): string[] => results.filter((r) => r.code === 0).map((r) => r.id);

/** Per-item outcomes from the wire, with the defaults filled in. */
export const items = (r: parley.v1.ItemResults.$Properties | undefined): ItemResult[] =>
  (r?.results ?? []).map((i) => ({ id: i.id ?? '', code: i.code ?? 0, message: i.message ?? '' }));

/** The keys of an object whose values are given (not `undefined`): the fields a patch writes. */
export const given = (o: object): string[] => Object.keys(o).filter((k) => (o as Record<string, unknown>)[k] !== undefined);
