/**
 * A callback property whose parameter is compared bivariantly, so that both the DOM `WebSocket`
 * (`(this: WebSocket, ev: MessageEvent) => any`) and `ws` (`(event: WebSocket.MessageEvent) => void`)
 * fit one structural type.
 */
type Listener<E> = { bivarianceHack(event: E): void }['bivarianceHack'];

/** The close event fields the transport reads. */
export interface WebSocketCloseEventLike {
  readonly code: number;
  readonly reason: string;
  readonly wasClean: boolean;
}

/**
 * The part of a browser-compatible WebSocket that {@link WebSocketTransport} uses. The browser's
 * `WebSocket`, Node 22's global one and `ws` all fit.
 */
export interface WebSocketLike {
  /** Set to `'arraybuffer'` by the transport. */
  binaryType: string;
  readonly readyState: number;
  readonly protocol: string;
  readonly bufferedAmount: number;
  onopen: Listener<unknown> | null;
  onmessage: Listener<{ readonly data: unknown }> | null;
  onclose: Listener<WebSocketCloseEventLike> | null;
  onerror: Listener<unknown> | null;
  send(data: string | Uint8Array): void;
  close(code?: number, reason?: string): void;
}

/** A WebSocket constructor with the browser's signature (`new WebSocket(url, protocols)`). */
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;
