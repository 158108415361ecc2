import { parley } from '@parley/protocol';
import { ErrorCode, invalidParam, ServerError } from '../errors.js';
import type { Key } from '../store/types.js';
import { recordChange } from './changes.js';
import type { Actor, ModelContext } from './context.js';
import { listAllConvs, loadConv, parseConvId, saveConv } from './conversations.js';
import { type Conversation, decodeConversation, fromJson, K, toJson } from './schema.js';
import { transact, type Tx } from './tx.js';

/**
 * Per-user settings (CAPABILITIES.md §2.6): the global no-disturb switch (J) and the
 * conversation folders (T conversation groups). Each lives in one row per user, so every
 * edit reads and writes a checked row and concurrent edits serialize.
 *
 * Change stream: `settings` (id {@link SETTINGS_ID}) carries `globalSilent`; `convFolder`
 * (id = folder name) carries one folder, or a tombstone once the folder is deleted or
 * renamed away. Conversation rows list their folders in `folders[]` and move in the stream
 * when membership changes.
 */

const { ReceiveOpt, SnapshotSection } = parley.v1;

const SK = {
  settings: (app: string, userId: string): Key => [app, 'uset', userId],
  folders: (app: string, userId: string): Key => [app, 'fold', userId],
};

/** The stream id of the `settings` row (one per user). */
export const SETTINGS_ID = 'settings';

/** Folder limits. Names follow T (1–32 bytes); the counts are Parley's bounds. */
export const FOLDER_LIMITS = {
  nameBytes: 32,
  folders: 100,
  convsPerFolder: 1000,
  convIdsPerCall: 100,
} as const;

interface SettingsRecord {
  globalSilent: boolean;
}

interface FolderRecord {
  name: string;
  convIds: string[];
}

/** All folders of a user, in creation order. */
interface FoldersRecord {
  folders: FolderRecord[];
}

type Resolved = Map<string, Omit<parley.v1.IChangeEntry, 'cursor'>>;

async function loadSettings(tx: Tx, app: string, userId: string): Promise<SettingsRecord> {
  const bytes = await tx.get(SK.settings(app, userId));
  return bytes ? fromJson<SettingsRecord>(bytes) : { globalSilent: false };
}

async function readSettings(ctx: ModelContext, userId: string): Promise<SettingsRecord> {
  const row = await ctx.store.get(SK.settings(ctx.app.id, userId));
  return row ? fromJson<SettingsRecord>(row.value) : { globalSilent: false };
}

async function loadFolders(tx: Tx, app: string, userId: string): Promise<FoldersRecord> {
  const bytes = await tx.get(SK.folders(app, userId));
  return bytes ? fromJson<FoldersRecord>(bytes) : { folders: [] };
}

async function readFolders(ctx: ModelContext, userId: string): Promise<FolderRecord[]> {
  const row = await ctx.store.get(SK.folders(ctx.app.id, userId));
  return row ? fromJson<FoldersRecord>(row.value).folders : [];
}

/**
 * `conv.getSettings` (O `getConversationRecvMessageOpt`, J `getNoDisturb`): the receive
 * option of the named conversations (rows that do not exist have the default), or of all
 * rows, optionally only the non-default ones; plus the global no-disturb switch.
 */
export async function getConvSettings(ctx: ModelContext, actor: Actor, req: parley.v1.ConvGetSettings): Promise<parley.v1.IConvSettings> {
  if (req.convIds.length > 100) throw invalidParam('convIds', 'at most 100');
  const app = ctx.app.id;
  let settings: parley.v1.IConvSetting[];
  if (req.convIds.length > 0) {
    const ids = [...new Set(req.convIds.map((id) => parseConvId(actor.userId, id, 'convIds').convId))];
    const rows = await ctx.store.getMany(ids.map((id) => K.conv(app, actor.userId, id)));
    settings = ids.map((convId, i) => {
      const row = rows[i];
      return { convId, receiveOpt: row ? decodeConversation(row.value).receiveOpt : ReceiveOpt.RECEIVE_OPT_NOTIFY };
    });
  } else {
    settings = (await listAllConvs(ctx, actor.userId)).map((row) => ({ convId: row.convId, receiveOpt: row.receiveOpt }));
  }
  if (req.nonDefaultOnly) settings = settings.filter((s) => s.receiveOpt !== ReceiveOpt.RECEIVE_OPT_NOTIFY);
  return { settings, globalSilent: (await readSettings(ctx, actor.userId)).globalSilent };
}

/**
 * `settings.update` (J `addGlobalNoDisturb` / `delGlobalNoDisturb`). With
 * `failIfUnchanged`, switching on what is on fails `ALREADY_SET` and off what is off
 * `NOT_SET` (J 881107/881108); otherwise a repeat is a no-op. Pushes `settings`.
 * @throws ServerError INVALID_PARAM, ALREADY_SET, NOT_SET
 */
export async function updateSettings(ctx: ModelContext, actor: Actor, req: parley.v1.SettingsUpdate): Promise<void> {
  if (req.globalSilent == null) throw invalidParam('globalSilent', 'required');
  const globalSilent = req.globalSilent;
  const app = ctx.app.id;
  await transact(ctx.store, async (tx) => {
    const current = await loadSettings(tx, app, actor.userId);
    if (current.globalSilent === globalSilent) {
      if (!req.failIfUnchanged) return;
      if (globalSilent) throw new ServerError(ErrorCode.ALREADY_SET, 'global no-disturb is already on', { detail: 'globalSilent' });
      throw new ServerError(ErrorCode.NOT_SET, 'global no-disturb is not on', { detail: 'globalSilent' });
    }
    tx.set(SK.settings(app, actor.userId), toJson({ ...current, globalSilent } satisfies SettingsRecord));
    const cursor = await recordChange(tx, app, actor.userId, 'settings', SETTINGS_ID);
    tx.onCommit(() => ctx.deliver.toUser(app, actor.userId, { cursor, settings: { globalSilent } }, actor.sessionId));
  });
}

/** `convFolder.list` (T `getConversationGroupList`): every folder with its conversations. */
export async function listFolders(ctx: ModelContext, actor: Actor): Promise<parley.v1.IConvFolders> {
  return { folders: await readFolders(ctx, actor.userId) };
}

/** The folder edits; one wire shape (`FolderEdit`) serves them all. */
export type FolderOp = 'create' | 'delete' | 'rename' | 'add' | 'remove';

/** @throws ServerError INVALID_PARAM unless `name` is 1–32 bytes without control characters. */
function checkFolderName(name: unknown, field: string): string {
  if (typeof name !== 'string' || name.length === 0 || Buffer.byteLength(name) > FOLDER_LIMITS.nameBytes) {
    throw invalidParam(field, `1–${FOLDER_LIMITS.nameBytes} bytes`);
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(name)) throw invalidParam(field, 'must not contain control characters');
  return name;
}

function checkFolderConvIds(viewer: string, convIds: readonly string[], required: boolean): string[] {
  if ((required && convIds.length === 0) || convIds.length > FOLDER_LIMITS.convIdsPerCall) {
    throw invalidParam('convIds', `${required ? 1 : 0} to ${FOLDER_LIMITS.convIdsPerCall} conversations`);
  }
  return [...new Set(convIds.map((id) => parseConvId(viewer, id, 'convIds').convId))];
}

/** What one folder edit did, for the change stream and the pushes. */
interface FolderOutcome {
  /** Conversation rows whose `folders[]` changed. */
  rows: Conversation[];
  /** Folder names whose stream rows must move (a deleted name resolves to a tombstone). */
  touched: string[];
}

/**
 * `convFolder.create/delete/rename/add/remove` (T conversation groups). Conversations must
 * have a row to be added; adding what is in, or removing what is out, is a no-op. Pushes the
 * changed rows (`conversation`) and the whole folder list (`conv_folder`, which expresses
 * deletes and renames) to the user's other sessions.
 * @throws ServerError INVALID_PARAM, NOT_FOUND, ALREADY_EXISTS, LIMIT_EXCEEDED
 */
export async function editFolder(ctx: ModelContext, actor: Actor, op: FolderOp, req: parley.v1.FolderEdit): Promise<void> {
  const app = ctx.app.id;
  const userId = actor.userId;
  const name = checkFolderName(req.name, 'name');
  const newName = op === 'rename' ? checkFolderName(req.newName, 'newName') : '';
  const convIds = op === 'create' || op === 'add' || op === 'remove' ? checkFolderConvIds(userId, req.convIds, op !== 'create') : [];
  await transact(ctx.store, async (tx) => {
    const state = await loadFolders(tx, app, userId);
    const folder = state.folders.find((f) => f.name === name);
    if (op === 'create') {
      if (folder) throw new ServerError(ErrorCode.ALREADY_EXISTS, 'a folder with this name exists', { detail: 'name' });
      if (state.folders.length >= FOLDER_LIMITS.folders) throw new ServerError(ErrorCode.LIMIT_EXCEEDED, `at most ${FOLDER_LIMITS.folders} folders`, { detail: 'name' });
    } else if (!folder) {
      throw new ServerError(ErrorCode.NOT_FOUND, 'no such folder', { detail: 'name' });
    }
    const outcome = await applyFolderOp(tx, app, userId, state, op, folder ?? { name, convIds: [] }, newName, convIds);
    if (outcome.touched.length === 0) return;
    tx.set(SK.folders(app, userId), toJson(state satisfies FoldersRecord));
    let rowCursor = 0;
    for (const row of outcome.rows) rowCursor = await saveConv(tx, app, userId, row);
    let folderCursor = 0;
    for (const touched of outcome.touched) folderCursor = await recordChange(tx, app, userId, 'convFolder', touched);
    tx.onCommit(() => {
      if (rowCursor > 0) ctx.deliver.toUser(app, userId, { cursor: rowCursor, conversation: { upserts: outcome.rows } }, actor.sessionId);
      ctx.deliver.toUser(app, userId, { cursor: folderCursor, convFolder: { folders: state.folders } }, actor.sessionId);
    });
  });
}

/** Applies one edit to `state` (in place) and to the conversation rows it touches. */
async function applyFolderOp(
  tx: Tx,
  app: string,
  userId: string,
  state: FoldersRecord,
  op: FolderOp,
  folder: FolderRecord,
  newName: string,
  convIds: readonly string[],
): Promise<FolderOutcome> {
  const name = folder.name;
  switch (op) {
    case 'create': {
      state.folders.push(folder);
      const rows = await retag(tx, app, userId, convIds, true, (names) => [...names, name]);
      folder.convIds = [...convIds];
      return { rows, touched: [name] };
    }
    case 'delete': {
      state.folders = state.folders.filter((f) => f !== folder);
      const rows = await retag(tx, app, userId, folder.convIds, false, (names) => names.filter((n) => n !== name));
      return { rows, touched: [name] };
    }
    case 'rename': {
      if (newName === name) return { rows: [], touched: [] };
      if (state.folders.some((f) => f.name === newName)) throw new ServerError(ErrorCode.ALREADY_EXISTS, 'a folder with the new name exists', { detail: 'newName' });
      folder.name = newName;
      const rows = await retag(tx, app, userId, folder.convIds, false, (names) => names.map((n) => (n === name ? newName : n)));
      return { rows, touched: [name, newName] };
    }
    case 'add': {
      const added = convIds.filter((id) => !folder.convIds.includes(id));
      if (added.length === 0) return { rows: [], touched: [] };
      if (folder.convIds.length + added.length > FOLDER_LIMITS.convsPerFolder) {
        throw new ServerError(ErrorCode.LIMIT_EXCEEDED, `at most ${FOLDER_LIMITS.convsPerFolder} conversations per folder`, { detail: 'convIds' });
      }
      const rows = await retag(tx, app, userId, added, true, (names) => [...names, name]);
      folder.convIds.push(...added);
      return { rows, touched: [name] };
    }
    case 'remove': {
      const removed = new Set(convIds.filter((id) => folder.convIds.includes(id)));
      if (removed.size === 0) return { rows: [], touched: [] };
      const rows = await retag(tx, app, userId, [...removed], false, (names) => names.filter((n) => n !== name));
      folder.convIds = folder.convIds.filter((id) => !removed.has(id));
      return { rows, touched: [name] };
    }
  }
}

/**
 * Rewrites the `folders[]` of the rows of `convIds`. With `mustExist`, a missing row is
 * refused (a folder only holds conversations the user has); otherwise it is skipped.
 */
async function retag(tx: Tx, app: string, userId: string, convIds: readonly string[], mustExist: boolean, edit: (names: string[]) => string[]): Promise<Conversation[]> {
  const rows: Conversation[] = [];
  for (const convId of convIds) {
    const row = await loadConv(tx, app, userId, convId);
    if (!row) {
      if (mustExist) throw new ServerError(ErrorCode.NOT_FOUND, 'no such conversation', { detail: convId });
      continue;
    }
    row.folders = [...new Set(edit(row.folders))];
    rows.push(row);
  }
  return rows;
}

/** Change-stream resolvers of `settings` and `convFolder` rows. */
export const settingsChanges = {
  async settings(ctx: ModelContext, userId: string, ids: readonly string[]): Promise<Resolved> {
    const settings = await readSettings(ctx, userId);
    return new Map(ids.map((id) => [id, { settings }]));
  },
  async convFolder(ctx: ModelContext, userId: string, ids: readonly string[]): Promise<Resolved> {
    const folders = await readFolders(ctx, userId);
    const out: Resolved = new Map();
    for (const name of ids) {
      const folder = folders.find((f) => f.name === name);
      out.set(name, folder ? { convFolder: folder } : { deleted: true, convFolder: { name } });
    }
    return out;
  },
};

/** The `settings` section of `sync.snapshot`: global settings and conversation folders. */
export async function settingsSnapshot(ctx: ModelContext, userId: string, sections: ReadonlySet<parley.v1.SnapshotSection>): Promise<Partial<parley.v1.ISnapshot>> {
  if (!sections.has(SnapshotSection.SNAPSHOT_SECTION_ALL) && !sections.has(SnapshotSection.SNAPSHOT_SECTION_SETTINGS)) return {};
  const [settings, folders] = await Promise.all([readSettings(ctx, userId), readFolders(ctx, userId)]);
  return { settings, folders };
}
