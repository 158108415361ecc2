import type { OpName, OpRequest, OpResult, parley } from '@parley/protocol';
import { createNanoEvents, type Emitter, type Unsubscribe } from 'nanoevents';
import { ClientCode, type ConnectionState } from './codes.js';
import { Connection, type RequestOptions } from './connection.js';
import { ConnectionError } from './errors.js';
import type { ClientEvents } from './events.js';
import type { Conversation, Element, GroupMember, Message } from './model.js';
import { toMessage, typeOf } from './model.js';
import { appKey, type ClientOptions, type Credential, credentialUserId, type ResolvedOptions, resolveOptions } from './options.js';
import { Outbox } from './outbox.js';
import { beforeLogin, type PreLoginRequest } from './prelogin.js';
import { Persist } from './store/persist.js';
import { Store } from './store/state.js';
import { Sync } from './sync.js';

/** What {@link Client.send} takes: the content and where it goes; the client fills in the rest. */
export interface MessageDraft extends Omit<parley.v1.Message.$Properties, 'convId' | 'elements'> {
  convId: string;
  elements: Element[];
}

/** What {@link Client.login} takes. */
export interface LoginOptions {
  credential: Credential;
  /**
   * The user the credential is for, which names the local cache to open before the network
   * answers. @default the user id the credential names, if any
   */
  userId?: string;
}

/**
 * A Parley client: one connection, one signed-in user, one local cache. Create it with
 * {@link createClient}. Instances share nothing, so a page may hold several.
 */
export class Client {
  readonly options: ResolvedOptions;
  readonly events: Emitter<ClientEvents> = createNanoEvents<ClientEvents>();
  readonly store: Store;
  readonly connection: Connection;
  readonly sync: Sync;
  readonly outbox: Outbox;
  #persist: Persist;
  #preparer: ((message: Message) => Promise<Message>) | undefined;
  #hello: parley.v1.HelloResult | undefined;
  #userId = '';
  #scopeUser = '';

  constructor(options: ClientOptions) {
    this.options = resolveOptions(options);
    this.#persist = new Persist((error) => this.events.emit('storageError', error));
    this.store = new Store(this.#persist, this.events);
    const sessionRequest = <N extends OpName>(op: N, payload: OpRequest<N>) => this.connection.request(op, payload, { session: true, timeoutMs: this.options.requestTimeoutMs });
    this.sync = new Sync(this.store, sessionRequest, this.events, {
      prefetchPerConv: this.options.prefetchPerConv,
      catchUpLimit: this.options.catchUpLimit,
      membersMoved: (groupIds) => {
        for (const groupId of groupIds) void this.refreshMembers(groupId).catch(() => {});
      },
      setTimeout: this.options.env.setTimeout,
    });
    this.outbox = new Outbox(
      () => this.#preparer !== undefined,
      this.store,
      this.events,
      (message) => this.connection.request('msgSend', toWire(message), { timeoutMs: 0, idempotencyKey: message.clientMsgId }) as Promise<parley.v1.SendResult>,
      (message) => this.#prepare(message),
    );
    this.connection = new Connection(this.options, {
      authenticated: async (session) => {
        await this.#onAuthenticated(session);
      },
      push: (envelope) => {
        if (envelope.push) this.sync.push(envelope.push);
      },
      state: (state, previous) => {
        if (state !== 'ready') this.outbox.pause();
        if (previous === 'ready' || previous === 'syncing') this.sync.interrupt();
        this.events.emit('state', state, previous);
        if (state === 'ready') this.outbox.resume();
      },
      kicked: (reason, detail) => this.events.emit('kicked', reason, detail),
      credentialRequired: (reason, expiresAt) => this.events.emit('credentialRequired', reason, expiresAt),
      hello: (hello) => {
        this.#hello = hello;
      },
    });
  }

  /**
   * Installs the step that turns a draft into what is sent (the media area uploads files here).
   * Messages that carry files wait in the outbox until one is installed.
   */
  setMessagePreparer(preparer: (message: Message) => Promise<Message>): void {
    this.#preparer = preparer;
    this.outbox.preparerReady();
  }

  #prepare(message: Message): Promise<Message> {
    return this.#preparer ? this.#preparer(message) : Promise.resolve(message);
  }

  /** Subscribes to an event; returns the unsubscribe function. */
  on<E extends keyof ClientEvents>(event: E, listener: ClientEvents[E]): Unsubscribe {
    return this.events.on(event, listener);
  }

  get state(): ConnectionState {
    return this.connection.state;
  }

  /** The signed-in user ('' before login). */
  get userId(): string {
    return this.#userId;
  }

  /** The server's `conn.hello` answer: policies the shims check locally, server time, heartbeat. */
  get hello(): parley.v1.HelloResult | undefined {
    return this.#hello;
  }

  /**
   * Runs what a vendor API does before login on a link of its own (J `init`, `register`):
   * `conn.hello` with the app proof, then `steps`. The session, if any, is untouched.
   * @throws {RequestError} the server's refusal; {@link TransportError}; {@link TimeoutError}.
   */
  beforeLogin<T>(steps: (request: PreLoginRequest, hello: parley.v1.HelloResult) => Promise<T>): Promise<T> {
    return beforeLogin(this.options, (request, hello) => {
      this.#hello = hello;
      return steps(request, hello);
    });
  }

  /** A client-side policy value from the server (`HelloResult.policy`, JSON-decoded). */
  policy<T = unknown>(key: string): T | undefined {
    const raw = this.#hello?.policy?.[key];
    if (raw === undefined) return undefined;
    try {
      return JSON.parse(raw) as T;
    } catch {
      return undefined;
    }
  }

  /**
   * Signs in. The local cache of this user opens first (the `hydrated` event: the conversation
   * list is readable before the network answers); then the client connects, authenticates and
   * syncs. Resolves when the client is `ready`.
   * @throws {RequestError} when the server refuses the app or the credential.
   */
  async login(options: LoginOptions): Promise<parley.v1.LoginResult> {
    const userId = options.userId ?? credentialUserId(options.credential);
    if (userId) await this.#openStorage(userId);
    return this.connection.login(options.credential, () => this.store.cursor);
  }

  /** Replaces the credential: on a live session without dropping it, after an expiry by signing in again. */
  refreshCredential(credential: Credential): Promise<void> {
    return this.connection.refreshCredential(credential);
  }

  /** Signs out (state `idle`); the cache stays for the next login of this user. */
  async logout(): Promise<void> {
    await this.connection.logout();
    await this.#persist.flush();
  }

  /** Closes the client for good: the connection, and the storage after pending writes. */
  async close(): Promise<void> {
    this.connection.close();
    await this.#persist.close();
  }

  /** Any operation of the protocol; state-changing results reach the store through sync. */
  request<N extends OpName>(op: N, payload: OpRequest<N>, options?: RequestOptions): Promise<OpResult<N>> {
    return this.connection.request(op, payload, { idempotencyKey: this.options.env.uuid(), ...options });
  }

  /** Resolves once the pushes received so far are applied (tests, and shims that batch events). */
  settled(): Promise<void> {
    return this.sync.idle();
  }

  // Conversations ------------------------------------------------------------------------

  /** Every conversation row, pinned first, then newest activity first. */
  conversations(): readonly Conversation[] {
    return this.store.conversations.list();
  }

  conversation(convId: string): Conversation | undefined {
    return this.store.conversations.get(convId);
  }

  // Messages -----------------------------------------------------------------------------

  /**
   * The loaded messages of a conversation: visible entries in seq order, then the unsent ones
   * (pending and failed) in the order they were written.
   */
  messages(convId: string): Message[] {
    const visible = this.store.messages.entries(convId).filter((m) => !m.hidden && !m.deletedForSelf);
    return [...visible, ...this.outbox.pendingOf(convId)];
  }

  /**
   * Loads older messages of a conversation: first from the local cache, then from the server.
   * Resolves with the number of messages added; 0 means the beginning was reached.
   */
  async loadOlder(convId: string, limit = 20): Promise<number> {
    const cache = this.store.messages;
    const fromStorage = await cache.loadFromStorage(convId, limit);
    if (fromStorage > 0) return fromStorage;
    const oldest = cache.oldestLoaded(convId) || cache.head(convId) + 1;
    if (oldest <= 1 || typeOf(convId) === 0) return 0;
    const page = await this.request('msgHistory', { convId, anchor: { convId, seq: oldest }, direction: 0, limit });
    const older = (page?.messages ?? []).map((m) => toMessage(m));
    cache.ingestOlder(convId, older);
    return older.length;
  }

  /** Finds a loaded or unsent message by its client or server id. */
  findMessage(id: { clientMsgId?: string; serverMsgId?: string }): Message | undefined {
    return (id.clientMsgId ? this.outbox.get(id.clientMsgId) : undefined) ?? this.store.messages.find(id);
  }

  /**
   * Sends a message through the outbox: it appears at once as `pending` (the `messages`
   * event), is persisted, and is sent when a session is ready. Resolves with the sent message.
   * @throws {RequestError} when the server refuses it (the message is then `failed`).
   */
  send(draft: MessageDraft): Promise<Message> {
    if (!this.#userId && !this.#scopeUser) return Promise.reject(new ConnectionError(ClientCode.INVALID_STATE, 'send before login'));
    if ((draft as { uploads?: unknown[] }).uploads?.length && !this.#preparer) {
      return Promise.reject(new ConnectionError(ClientCode.INVALID_STATE, 'a message with files needs the media area: call mediaOf(client) once before sending it'));
    }
    const env = this.options.env;
    const now = env.now();
    const message: Message = {
      ...draft,
      convId: draft.convId,
      elements: draft.elements,
      clientMsgId: draft.clientMsgId || env.uuid(),
      serverMsgId: '',
      seq: 0,
      senderId: this.#userId || this.#scopeUser,
      time: now,
      clientTime: draft.clientTime || now,
      status: 'pending',
    };
    return this.outbox.add(message);
  }

  /** Sends a failed message again with the same client message id. */
  resend(clientMsgId: string): Promise<Message> {
    return this.outbox.resend(clientMsgId);
  }

  /** Fetches a group's member list and applies the difference to the store (the `members` event). */
  async refreshMembers(groupId: string): Promise<GroupMember[]> {
    const members: GroupMember[] = [];
    let offset = 0;
    for (;;) {
      const page = await this.request('groupListMembers', { groupId, offset, count: 100, anyRole: true });
      const batch = (page?.members ?? []) as GroupMember[];
      members.push(...batch);
      const next = Number(page?.nextOffset ?? 0);
      if (!next || batch.length === 0) break;
      offset = next;
    }
    this.store.members(groupId).replace(members);
    return members;
  }

  async #openStorage(userId: string): Promise<void> {
    if (this.#scopeUser === userId) {
      // Same user again: the cache is already loaded, and the app may be waiting for it.
      this.events.emit('hydrated');
      return;
    }
    const factory = this.options.storage;
    await this.#persist.close();
    this.store.reset();
    this.outbox.reset();
    this.#scopeUser = userId;
    if (!factory) {
      this.#persist.attach(undefined);
      this.events.emit('hydrated');
      return;
    }
    try {
      const adapter = await factory({ app: appKey(this.options.app), userId });
      this.#persist.attach(adapter);
      await this.store.hydrate();
      await this.outbox.hydrate();
    } catch (error) {
      this.#persist.attach(undefined);
      this.events.emit('storageError', error as never);
    }
    this.events.emit('hydrated');
  }

  async #onAuthenticated(session: parley.v1.LoginResult): Promise<void> {
    if (session.userId && session.userId !== this.#scopeUser) await this.#openStorage(session.userId);
    this.#userId = session.userId;
    await this.sync.run();
  }
}

/** The wire form of an outgoing message: the local status fields stay local. */
function toWire(message: Message): parley.v1.Message.$Properties {
  const { status: _status, error: _error, serverMsgId: _s, seq: _q, time: _t, ...wire } = message as Message & { uploads?: unknown };
  // Files still waiting for upload never go on the wire (the outbox prepares them first).
  delete (wire as { uploads?: unknown }).uploads;
  return wire;
}

/** Creates a client. Nothing connects until {@link Client.login}. */
export function createClient(options: ClientOptions): Client {
  return new Client(options);
}
