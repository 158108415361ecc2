import type { parley } from './generated/proto.js';

/**
 * A decoded frame. Decoders return instances of the generated classes, so the oneof
 * discriminators (`kind`, `op`, `result`, `event`) are readable as properties.
 */
export type Envelope = parley.v1.Envelope;
/** A frame to encode: a plain object of the Envelope shape. */
export type EnvelopeInit = parley.v1.Envelope.$Properties;
export type Request = parley.v1.Request.$Properties;
export type Response = parley.v1.Response.$Properties;
export type Push = parley.v1.Push.$Properties;
export type WireError = parley.v1.Error.$Properties;

/** The name of every request operation (`'msgSend'`, `'syncPull'`, …). */
export type OpName = NonNullable<parley.v1.Request['op']>;
/** The name of every push event (`'message'`, `'kicked'`, …). */
export type PushName = NonNullable<parley.v1.Push['event']>;
/** Names of the ops that answer with a result; every other op answers with an empty Response. */
export type ResultName = NonNullable<parley.v1.Response['result']>;

/** The payload type of request op `N`. */
export type OpRequest<N extends OpName> = NonNullable<Request[N]>;
/** The result type of op `N`, or `undefined` for ops that return nothing. */
export type OpResult<N extends OpName> = N extends ResultName ? NonNullable<Response[N]> : undefined;
/** The payload type of push event `N`. */
export type PushPayload<N extends PushName> = NonNullable<Push[N]>;

/**
 * What a frame codec does: the shape of the `Codec` seam that `@parley/core` owns. Both
 * codecs of this package implement it; core receives one by injection.
 */
export interface FrameCodec {
  /** The WebSocket subprotocol that carries this codec's frames. */
  readonly subprotocol: string;
  /** `true` for binary frames (`Uint8Array`), `false` for text frames (`string`). */
  readonly binary: boolean;
  /**
   * Encodes one frame.
   * @throws {ProtocolError} `ENCODE_FAILED` for a value the schema cannot hold, `FRAME_TOO_LARGE` above the limit.
   */
  encode(envelope: EnvelopeInit): Uint8Array | string;
  /**
   * Decodes one frame. Never throws anything but a ProtocolError.
   * @throws {ProtocolError} for every malformed, oversized or unknown input.
   */
  decode(frame: Uint8Array | ArrayBuffer | string): Envelope;
}
