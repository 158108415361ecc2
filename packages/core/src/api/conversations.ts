import type { parley } from '@parley/protocol';
import type { Client } from '../client.js';
import { totalUnread, type UnreadRule } from '../derived.js';
import { type Conversation, type ConvFolder, plain, type Settings, toConversation } from '../model.js';
import { compareRows } from '../store/conversations.js';
import { area } from './area.js';

export { ConvMark, ReceiveOpt } from './constants.js';

/** What {@link ConversationsApi.update} may change. */
export interface ConversationPatch {
  pinned?: boolean;
  /** Draft text; `null` or `''` clears it. */
  draft?: string | null;
  /** At most 256 bytes (T). */
  customData?: string;
  /** `ReceiveOpt`: 0 notify, 1 silent, 2 block. */
  receiveOpt?: number;
  /** Mark bits to set. */
  marksSet?: number;
  /** Mark bits to clear. */
  marksClear?: number;
}

/** Options of {@link ConversationsApi.list}. */
export interface ListOptions {
  /** Only rows of this `ConvType` (1 c2c, 2 group, 3 room, 4 system, 5 channel). */
  type?: number;
  /** Pinned rows first. @default true */
  pinnedFirst?: boolean;
  /** Include hidden and deleted rows. @default false */
  includeHidden?: boolean;
}

/** A page of the server's conversation list (`conv.list`). */
export interface ConversationPage {
  conversations: Conversation[];
  /** Pass as `cursor` for the next page; `''` when complete. */
  nextCursor: string;
  completed: boolean;
}


/**
 * Conversation rows (CAPABILITIES.md §2.6): the list from the store, pin/draft/marks/receive
 * options, delete, per-user settings, folders, and unread totals. Every change is applied to
 * the store as soon as the server confirms it; other devices get it through sync.
 */
export class ConversationsApi {
  constructor(private readonly client: Client) {}

  /** The cached rows: visible ones, pinned first (by default), then the newest activity first. */
  list(options: ListOptions = {}): Conversation[] {
    const store = this.client.store.conversations;
    let rows = options.includeHidden ? [...store.all()].sort(compareRows) : [...store.list()];
    if (options.type !== undefined) rows = rows.filter((r) => r.type === options.type);
    if (options.pinnedFirst === false) rows.sort((a, b) => activity(b) - activity(a) || (a.convId < b.convId ? -1 : a.convId > b.convId ? 1 : 0));
    return rows;
  }

  /**
   * Rows from the server by id (T `getConversationProfile`, O `getOneConversation`); they join
   * the store. With `createIfMissing`, a hidden row is created for a conversation that has none.
   * @throws {RequestError} `NOT_MEMBER` (creating a group row), `INVALID_PARAM`.
   */
  async get(convIds: readonly string[], options: { createIfMissing?: boolean } = {}): Promise<Conversation[]> {
    const result = await this.client.request('convGet', { convIds: [...convIds], createIfMissing: options.createIfMissing ?? false });
    return this.#apply(result?.conversations ?? []);
  }

  /**
   * Changes rows (T `pinConversation`/`setConversationCustomData`/`markConversation`/
   * `setMessageRemindType`, O `pinConversation`/`setConversationDraft`/`setConversationRecvMessageOpt`,
   * J no-disturb). With `failIfUnchanged`, a change that changes nothing fails (J semantics).
   * @throws {RequestError} `ALREADY_SET` (with `failIfUnchanged`), `INVALID_PARAM` (over 30 rows, custom data over 256 bytes).
   */
  async update(convIds: readonly string[], patch: ConversationPatch, options: { failIfUnchanged?: boolean } = {}): Promise<Conversation[]> {
    const wire: parley.v1.ConvPatch.$Properties = {};
    if (patch.pinned !== undefined) wire.pinned = patch.pinned;
    if (patch.draft !== undefined) {
      wire.setDraft = true;
      if (patch.draft) wire.draft = { text: patch.draft };
    }
    if (patch.customData !== undefined) wire.customData = patch.customData;
    if (patch.receiveOpt !== undefined) wire.receiveOpt = patch.receiveOpt;
    if (patch.marksSet) wire.marksSet = patch.marksSet;
    if (patch.marksClear) wire.marksClear = patch.marksClear;
    const result = await this.client.request('convUpdate', { convIds: [...convIds], patch: wire, failIfUnchanged: options.failIfUnchanged ?? false });
    const rows = result?.conversations ?? [];
    if (rows.length) return this.#apply(rows);
    // No rows back (an older server): apply the patch locally; the change stream brings the truth.
    const now = this.client.options.env.now();
    return convIds
      .map((convId) =>
        this.client.store.conversations.patch(
          convId,
          (row) => {
            if (patch.pinned !== undefined) row.pinned = patch.pinned;
            if (patch.draft !== undefined) row.draft = patch.draft ? { text: patch.draft, updatedAt: now } : null;
            if (patch.customData !== undefined) row.customData = patch.customData;
            if (patch.receiveOpt !== undefined) row.receiveOpt = patch.receiveOpt;
            row.marks = ((row.marks ?? 0) | (patch.marksSet ?? 0)) & ~(patch.marksClear ?? 0);
          },
          () => toConversation({ convId }),
        ),
      )
      .filter((r): r is Conversation => r !== undefined);
  }

  /**
   * Deletes rows for this user (T/O `deleteConversation`); they come back with the next
   * message. With `clearHistory` (default: the app's `deleteClearsHistory` policy) the history
   * is cleared too and the cached messages are dropped. Resolves with the deleted ids.
   * @throws {RequestError} `INVALID_PARAM` (none, or over 100).
   */
  async delete(convIds: readonly string[], options: { clearHistory?: boolean } = {}): Promise<string[]> {
    const payload: parley.v1.ConvDelete.$Properties = { convIds: [...convIds] };
    if (options.clearHistory !== undefined) payload.clearHistory = options.clearHistory;
    const result = await this.client.request('convDelete', payload);
    const deleted = [...(result?.convIds ?? [])];
    const clear = options.clearHistory ?? this.client.policy<boolean>('deleteClearsHistory') ?? false;
    const store = this.client.store;
    if (clear) {
      for (const convId of deleted) {
        const head = Math.max(store.messages.head(convId), store.conversations.get(convId)?.maxSeq ?? 0);
        store.messages.drop(convId);
        // Everything up to the head is gone for this user: nothing there to fetch again.
        if (head > 0) store.messages.ingestRange(convId, 0, head, []);
      }
    }
    store.conversations.apply([], deleted);
    return deleted;
  }

  /**
   * Receive options per conversation and the global silent flag (O `getConversationRecvMessageOpt`,
   * J `getNoDisturb`); the store's settings and rows take them.
   * @throws {RequestError} `INVALID_PARAM`.
   */
  async getSettings(options: { convIds?: readonly string[]; nonDefaultOnly?: boolean } = {}): Promise<{ settings: Array<{ convId: string; receiveOpt: number }>; globalSilent: boolean }> {
    const result = await this.client.request('convGetSettings', { convIds: [...(options.convIds ?? [])], nonDefaultOnly: options.nonDefaultOnly ?? false });
    const globalSilent = result?.globalSilent ?? false;
    const store = this.client.store;
    if ((store.settings.globalSilent ?? false) !== globalSilent) store.setSettings({ ...store.settings, globalSilent });
    const settings = (result?.settings ?? []).map((s) => ({ convId: s.convId ?? '', receiveOpt: s.receiveOpt ?? 0 }));
    for (const s of settings) {
      const row = store.conversations.get(s.convId);
      if (row && (row.receiveOpt ?? 0) !== s.receiveOpt) {
        store.conversations.patch(s.convId, (r) => {
          r.receiveOpt = s.receiveOpt;
        });
      }
    }
    return { settings, globalSilent };
  }

  /**
   * Changes the user's settings (J `addGlobalNoDisturb`/`delGlobalNoDisturb`).
   * @throws {RequestError} `ALREADY_SET`/`NOT_SET` with `failIfUnchanged` when nothing changes.
   */
  async updateSettings(patch: { globalSilent?: boolean }, options: { failIfUnchanged?: boolean } = {}): Promise<Settings> {
    const payload: parley.v1.SettingsUpdate.$Properties = { failIfUnchanged: options.failIfUnchanged ?? false };
    if (patch.globalSilent !== undefined) payload.globalSilent = patch.globalSilent;
    await this.client.request('settingsUpdate', payload);
    const store = this.client.store;
    if (patch.globalSilent !== undefined) store.setSettings({ ...store.settings, globalSilent: patch.globalSilent });
    return store.settings;
  }

  /** The cached conversation folders (T conversation groups). */
  folders(): ConvFolder[] {
    return this.client.store.folders.values();
  }

  /**
   * The folders from the server (T `getConversationGroupList`); they replace the cached ones.
   * @throws {RequestError} as the server refuses.
   */
  async fetchFolders(): Promise<ConvFolder[]> {
    const result = await this.client.request('convFolderList', {});
    const folders = (result?.folders ?? []).map((f) => ({ name: f.name ?? '', convIds: [...(f.convIds ?? [])] }));
    this.client.store.folders.replace(folders);
    return folders;
  }

  /**
   * Creates a folder with conversations in it (T `createConversationGroup`).
   * @throws {RequestError} `ALREADY_EXISTS`, `INVALID_PARAM` (name of 1–32 bytes), `LIMIT_EXCEEDED`.
   */
  async createFolder(name: string, convIds: readonly string[] = []): Promise<void> {
    await this.client.request('convFolderCreate', { name, convIds: [...convIds] });
    this.#setFolder(name, [...new Set(convIds)]);
    this.#tagRows(convIds, name, true);
  }

  /**
   * Deletes a folder (T `deleteConversationGroup`); its conversations stay.
   * @throws {RequestError} `NOT_FOUND`.
   */
  async deleteFolder(name: string): Promise<void> {
    await this.client.request('convFolderDelete', { name });
    const held = this.client.store.folders.get(name);
    this.client.store.folders.apply([], [name]);
    this.#tagRows(held?.convIds ?? [], name, false);
  }

  /**
   * Renames a folder (T `renameConversationGroup`).
   * @throws {RequestError} `NOT_FOUND`, `ALREADY_EXISTS`.
   */
  async renameFolder(name: string, newName: string): Promise<void> {
    await this.client.request('convFolderRename', { name, newName });
    const members = this.client.store.folders.get(name)?.convIds ?? [];
    this.client.store.folders.apply([{ name: newName, convIds: [...members] }], [name]);
    this.#tagRows(members, name, false);
    this.#tagRows(members, newName, true);
  }

  /**
   * Adds conversations to a folder (T `addConversationsToGroup`).
   * @throws {RequestError} `NOT_FOUND`.
   */
  async addToFolder(name: string, convIds: readonly string[]): Promise<void> {
    await this.client.request('convFolderAdd', { name, convIds: [...convIds] });
    const members = this.client.store.folders.get(name)?.convIds ?? [];
    this.#setFolder(name, [...new Set([...members, ...convIds])]);
    this.#tagRows(convIds, name, true);
  }

  /**
   * Removes conversations from a folder (T `deleteConversationsFromGroup`).
   * @throws {RequestError} `NOT_FOUND`.
   */
  async removeFromFolder(name: string, convIds: readonly string[]): Promise<void> {
    await this.client.request('convFolderRemove', { name, convIds: [...convIds] });
    const gone = new Set(convIds);
    const members = this.client.store.folders.get(name)?.convIds ?? [];
    this.#setFolder(
      name,
      members.filter((id) => !gone.has(id)),
    );
    this.#tagRows(convIds, name, false);
  }

  /**
   * A page of the server's list (T `getConversationList`, O `getConversationListSplit`), for
   * shims that page the server rather than the store; the rows join the store.
   * @throws {RequestError} `INVALID_PARAM`.
   */
  async serverList(options: { cursor?: string; offset?: number; count?: number; filter?: { type?: number; markType?: number; folder?: string }; includeHidden?: boolean } = {}): Promise<ConversationPage> {
    const result = await this.client.request('convList', {
      cursor: options.cursor ?? '',
      offset: options.offset ?? 0,
      count: options.count ?? 100,
      filter: { type: options.filter?.type ?? 0, markType: options.filter?.markType ?? 0, folder: options.filter?.folder ?? '' },
      includeHidden: options.includeHidden ?? false,
    });
    const conversations = this.#apply(result?.conversations ?? []);
    return { conversations, nextCursor: result?.nextCursor ?? '', completed: result?.syncCompleted ?? true };
  }

  /** The total unread count over the cached rows, by a vendor's rule (CAPABILITIES.md §4.5). */
  totalUnread(rule: UnreadRule): number {
    return totalUnread(this.client.store.conversations.list(), rule);
  }

  /** Applies server rows and returns them as the store holds them. */
  #apply(rows: readonly parley.v1.Conversation.$Properties[]): Conversation[] {
    const store = this.client.store.conversations;
    const converted = rows.map((r) => toConversation(r));
    store.apply(converted);
    return converted.map((r) => store.get(r.convId) ?? r);
  }

  #setFolder(name: string, convIds: string[]): void {
    this.client.store.folders.apply([plain({ name, convIds })]);
  }

  /** Keeps each row's `folders` list in step with a folder edit. */
  #tagRows(convIds: readonly string[], name: string, add: boolean): void {
    const store = this.client.store.conversations;
    for (const convId of new Set(convIds)) {
      const row = store.get(convId);
      if (!row) continue;
      const folders = (row.folders ?? []).filter((f) => f !== name);
      if (add) folders.push(name);
      if (folders.length === (row.folders ?? []).length && add === (row.folders ?? []).includes(name)) continue;
      store.patch(convId, (r) => {
        r.folders = folders;
      });
    }
  }
}

function activity(row: Conversation): number {
  return Math.max(row.lastMessageAt, row.lastMessage?.time ?? 0, row.draft?.updatedAt ?? 0);
}

/** Conversation rows: pin, draft, receive options, marks, delete, folders, settings, unread totals. One instance per client, made on first use. */
export const convsOf = /* @__PURE__ */ area((client) => new ConversationsApi(client));
