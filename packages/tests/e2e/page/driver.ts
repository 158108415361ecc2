import { Codec } from 'parley:codec';
import { type Client, createClient, type Message } from '@parley/core';
import { indexedDBStorage } from '@parley/storage-indexeddb';
import { WebSocketTransport } from '@parley/transport-websocket';

/** What {@link Driver.start} takes (all plain data: it crosses `page.evaluate`). */
export interface StartOptions {
  /** The Parley server's WebSocket URL. */
  url: string;
  appId: string;
  userId: string;
  /** A native token of `userId`. */
  token: string;
  /** Keep the cache in IndexedDB (`indexedDBStorage()`), so it survives a reload. */
  storage: boolean;
}

/** One message as a test sees it. */
export interface Line {
  text: string;
  status: string;
  seq: number;
  clientMsgId: string;
  senderId: string;
}

/** One conversation row as a test sees it. */
export interface Row {
  convId: string;
  /** The text of the row's last message ('' when it has none). */
  lastText: string;
  lastSeq: number;
  maxSeq: number;
}

const textOf = (m: Message): string => m.elements[0]?.text?.text ?? '';
const lineOf = (m: Message): Line => ({ text: textOf(m), status: m.status, seq: m.seq, clientMsgId: m.clientMsgId, senderId: m.senderId });

/**
 * A tiny chat app on the real client, driven by the Node tests through `page.evaluate`. It
 * records what the client announces so a test can check that every entry shows up once and
 * that own messages go pending → sent.
 */
export class Driver {
  client: Client | undefined;
  /** `hydrated` was emitted (the cache is readable). */
  hydrated = false;
  /** How many times `syncEnd` was emitted. */
  syncEnds = 0;
  /** The rejection of `login`, when it rejected. */
  loginError = '';
  /** Every entry the `messages` event announced, in order (pending own messages included). */
  readonly announced: Line[] = [];
  /** The statuses each own message went through, by client message id. */
  readonly statuses: Record<string, string[]> = {};
  /** Why a send failed, by client message id. */
  readonly sendErrors: Record<string, string> = {};

  /** Creates the client and starts `login` without waiting for it (it only resolves when ready). */
  start(options: StartOptions): void {
    const client = createClient({
      transport: new WebSocketTransport(),
      codec: new Codec(),
      url: options.url,
      app: { appId: options.appId },
      ...(options.storage && { storage: indexedDBStorage() }),
      reconnectBaseMs: 100,
      reconnectMaxMs: 500,
    });
    this.client = client;
    client.on('hydrated', () => {
      this.hydrated = true;
    });
    client.on('syncEnd', () => {
      this.syncEnds++;
    });
    client.on('messages', (_convId, messages) => {
      for (const m of messages) {
        this.announced.push(lineOf(m));
        if (m.status === 'pending') this.#status(m);
      }
    });
    client.on('messageUpdated', (m) => {
      if (this.statuses[m.clientMsgId] || (m.senderId === options.userId && m.status === 'sent')) this.#status(m);
    });
    client.login({ credential: { nativeToken: { userId: options.userId, token: options.token } } }).catch((error: Error) => {
      this.loginError = error.message;
    });
  }

  /** Sends a text message; returns its client message id at once (the send goes on). */
  send(convId: string, text: string): string {
    const clientMsgId = crypto.randomUUID();
    this.#client.send({ convId, clientMsgId, elements: [{ text: { text } }] }).catch((error: Error) => {
      this.sendErrors[clientMsgId] = error.message;
    });
    return clientMsgId;
  }

  /** The messages of a conversation as the client lists them (loaded entries, then unsent ones). */
  lines(convId: string): Line[] {
    return this.#client.messages(convId).map(lineOf);
  }

  /** The conversation list, in the client's order. */
  rows(): Row[] {
    return this.#client.conversations().map((c) => ({
      convId: c.convId,
      lastText: c.lastMessage ? textOf(c.lastMessage) : '',
      lastSeq: c.lastMessage?.seq ?? 0,
      maxSeq: c.maxSeq,
    }));
  }

  state(): string {
    return this.#client.state;
  }

  /** How many times the `messages` event announced an entry with this text. */
  announcedCount(text: string): number {
    return this.announced.filter((l) => l.text === text).length;
  }

  /** Resolves when every cache write so far has reached IndexedDB. */
  async flush(): Promise<void> {
    await this.#client.store.persist.flush();
  }

  /** Closes the client (pending writes first). */
  async close(): Promise<void> {
    await this.client?.close();
    this.client = undefined;
  }

  get #client(): Client {
    if (!this.client) throw new Error('the driver has no client: call start() first');
    return this.client;
  }

  #status(m: Message): void {
    const list = this.statuses[m.clientMsgId] ?? [];
    if (list[list.length - 1] !== m.status) list.push(m.status);
    this.statuses[m.clientMsgId] = list;
  }
}
