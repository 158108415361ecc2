/**
 * The transport seam: one message-framed, full-duplex connection at a time (a WebSocket in
 * practice). The client owns reconnecting; a transport only opens, sends, closes and reports.
 */

/** Why and how a connection ended. */
export interface TransportCloseInfo {
  /** The WebSocket close code (1006 when the link dropped without a close frame). */
  readonly code: number;
  readonly reason: string;
  /** `true` when both sides completed the closing handshake. */
  readonly wasClean: boolean;
}

/** Callbacks of one connection. Neither is called after `close` has been reported. */
export interface TransportHandlers {
  /** One whole frame: `Uint8Array` for binary frames, `string` for text frames. */
  frame(data: Uint8Array | string): void;
  /** The connection ended (by either side, or the link dropped). Called exactly once. */
  close(info: TransportCloseInfo): void;
}

/** What {@link Transport.connect} opens. */
export interface TransportRequest {
  /** `ws:` or `wss:` URL. */
  readonly url: string;
  /** Subprotocols to offer, in preference order. */
  readonly protocols: readonly string[];
  /** Aborting before the connection opens rejects `connect` with `TRANSPORT_FAILED`. */
  readonly signal?: AbortSignal;
}

/** One open connection. */
export interface TransportConnection {
  /** The subprotocol the server chose. */
  readonly protocol: string;
  /** Bytes queued but not yet sent (the slow-link signal). */
  readonly bufferedAmount: number;
  /**
   * Sends one frame.
   * @throws {TransportError} `TRANSPORT_FAILED` when the connection is no longer open.
   */
  send(frame: Uint8Array | string): void;
  /** Starts a close; `handlers.close` reports the end. Idempotent. @default code 1000 */
  close(code?: number, reason?: string): void;
}

/** Opens connections. `@parley/transport-websocket` is the implementation. */
export interface Transport {
  /**
   * Opens one connection and resolves when it is open.
   * @throws {TransportError} `TRANSPORT_FAILED` when it cannot be opened (refused, aborted, no agreed subprotocol).
   */
  connect(request: TransportRequest, handlers: TransportHandlers): Promise<TransportConnection>;
}
