import type { OpName } from '@parley/protocol';
import { ErrorCode } from '../../src/errors.js';
import type { TestClient } from '../helpers/client.js';
import type { Ids, Role, World } from './world.js';

/**
 * The vocabulary of the authorization matrix: who may call an op (its access class), the rows
 * (kinds of caller who must be refused), and the cells (attempts with their expected refusal).
 */

/**
 * Who may call an op:
 * - `public`: before login (`conn.hello`, `auth.login`, …); `open`: answered with or without a session (`conn.ping`);
 * - `self`: any logged-in user, on their own state; `user`: any logged-in user, naming users or entities by id;
 * - `member`: members of the group (or conversation) it names; `present`: sessions that entered the room;
 * - `groupAdmin` / `groupOwner`: the group's owner or admins / its owner; `roomAdmin` / `roomOwner` likewise;
 * - `privileged`: app privilege (a MaxLeap client-key session under `allowClientKeyAdmin`, §5.2).
 */
export type Access = 'public' | 'open' | 'self' | 'user' | 'member' | 'present' | 'groupAdmin' | 'groupOwner' | 'roomAdmin' | 'roomOwner' | 'privileged';

/** The rows: every kind of caller the matrix tries. */
export const ROWS = ['noHello', 'noLogin', 'otherTenant', 'nonMember', 'lacksRole', 'muted', 'blocked', 'guest', 'subject', 'expired'] as const;
export type RowId = (typeof ROWS)[number];

export const ROW_TITLES: Record<RowId, string> = {
  noHello: 'unauthenticated, no hello',
  noLogin: 'unauthenticated, hello only',
  otherTenant: 'user of another tenant',
  nonMember: 'non-member',
  lacksRole: 'member without the role',
  muted: 'muted user',
  blocked: 'blocked or banned user',
  guest: 'guest session',
  subject: 'acting for another user',
  expired: 'expired or replayed credential',
};

/** A request payload aimed at a world: tenant A's ids, or their ghost twins. */
export type Build = (ids: Ids) => object;

/** One request of a cell and the answer it must get. */
export interface Attempt {
  /**
   * The expected `ErrorCode`. `OK` (0) marks an op that answers unknown or foreign ids with an
   * empty answer: it must then change nothing and answer exactly as for a ghost id.
   */
  code: number;
  /** Who sends it: a role of the world, or a connection opened for the attempt. Default: the row's. */
  as?: Role | ((world: World) => Promise<TestClient>);
  /** The request; default: the op's. */
  build?: Build;
  /** A `subject` for the request. */
  subject?: (ids: Ids) => string;
  /** What the attempt tries, for the report. */
  note?: string;
}

export type Cell = Attempt | readonly Attempt[] | { readonly na: string };

export interface OpSpec {
  access: Access;
  /** A request the rightful caller would make against the world. */
  build: Build;
  /** Guests may call it. */
  guest?: true;
  /**
   * What a user of tenant B gets when naming tenant A's ids (and a ghost id): the privileged
   * and the plain session of B, or one code for both. Absent: the op names nothing foreign.
   */
  foreign?: number | { admin: number; user: number };
  /** Cells that differ from the access class's defaults. */
  cells?: Partial<Record<RowId, Cell>>;
}

export type OpTable = { readonly [N in OpName]: OpSpec };

const { UNAUTHENTICATED, PERMISSION_DENIED, NOT_MEMBER, NOT_IN_ROOM } = ErrorCode;

const na = (why: string) => ({ na: why }) as const;

/** The cell of `row` for an op by its access class, before the op's own overrides. */
function defaultCell(spec: OpSpec, row: RowId): Cell {
  const { access } = spec;
  const loggedIn = access !== 'public' && access !== 'open';
  switch (row) {
    case 'noHello':
      return access === 'open' ? na('answered without a session by design') : { code: UNAUTHENTICATED };
    case 'noLogin':
      return loggedIn ? { code: UNAUTHENTICATED } : na('served before login');
    case 'otherTenant': {
      const f = spec.foreign;
      if (f === undefined) return na('names nothing of another user');
      const [admin, user] = typeof f === 'number' ? [f, f] : [f.admin, f.user];
      return [
        { code: admin, as: 'bAdmin', note: 'privileged session of tenant B' },
        { code: user, as: 'bUser', note: 'plain user of tenant B' },
      ];
    }
    case 'nonMember':
      // A user who never joined, and one who was removed (who still has the conversation row).
      if (access === 'member' || access === 'groupAdmin' || access === 'groupOwner') return [{ code: NOT_MEMBER }, { code: NOT_MEMBER, as: 'former', note: 'a removed member' }];
      if (access === 'present') return [{ code: NOT_IN_ROOM }, { code: NOT_IN_ROOM, as: 'former', note: 'left the room' }];
      if (access === 'roomAdmin' || access === 'roomOwner') return { code: PERMISSION_DENIED };
      return na('no membership involved');
    case 'lacksRole':
      if (access === 'groupAdmin' || access === 'roomAdmin' || access === 'privileged') return { code: PERMISSION_DENIED, as: 'member' };
      if (access === 'groupOwner' || access === 'roomOwner') return { code: PERMISSION_DENIED, as: 'admin', note: 'an admin where the owner is needed' };
      return na('no role needed');
    case 'muted':
      return na('does not post');
    case 'blocked':
      return na('does not reach a blocker');
    case 'guest':
      return !loggedIn ? na('served before login') : spec.guest ? na('guests may call it') : { code: PERMISSION_DENIED };
    case 'subject':
      return access === 'public' ? na('served before login') : { code: PERMISSION_DENIED, subject: (ids) => ids.owner };
    case 'expired':
      return na('takes no credential');
  }
}

const DEFAULT_ACTOR: Record<RowId, Role> = {
  noHello: 'noHello',
  noLogin: 'noLogin',
  otherTenant: 'bAdmin',
  nonMember: 'outsider',
  lacksRole: 'member',
  muted: 'muted',
  blocked: 'blocked',
  guest: 'guest',
  subject: 'member',
  expired: 'noLogin',
};

/** A cell resolved to its attempts (each with its actor), or why the row does not apply. */
export type ResolvedCell = { attempts: (Attempt & { as: NonNullable<Attempt['as']> })[] } | { na: string };

export function resolveCell(spec: OpSpec, row: RowId): ResolvedCell {
  const cell = spec.cells?.[row] ?? defaultCell(spec, row);
  if ('na' in cell) return { na: cell.na };
  const list: readonly Attempt[] = Array.isArray(cell) ? cell : [cell as Attempt];
  if (list.length === 0) throw new Error('a cell needs at least one attempt');
  return { attempts: list.map((a) => ({ ...a, as: a.as ?? DEFAULT_ACTOR[row] })) };
}
