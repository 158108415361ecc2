/**
 * One fuzz stream: a WebSocket that sends a seeded sequence of frames and checks how the
 * server answers. A stream ends after its frame budget or when the server closes it.
 */
import { type Envelope, errorCodeName, ProtobufCodec, SUBPROTOCOL_JSON, SUBPROTOCOL_PROTOBUF } from '@parley/protocol';
import { JsonCodec } from '@parley/protocol/json';
import WebSocket from 'ws';
import type { AppConfig } from '../../../src/config/types.js';
import { hello, login, maxleapLogin, privilegedHello } from './corpus.js';
import { type Frame, type FrameKind, nextFrames, type StreamState } from './frames.js';
import { Rng } from './prng.js';
import type { Targets } from './schema.js';
import { hex } from './wire.js';

/**
 * Close codes the server may end a fuzz connection with (PROTOCOL.md §1, RFC 6455): logout,
 * invalid UTF-8 in a text message, frame too big, malformed frames, login timeout, kicked, no
 * subprotocol, abuse. Anything else (1006 above all: the socket dropped with no close frame)
 * is a finding.
 */
export const PROTOCOL_CLOSE_CODES: ReadonlySet<number> = new Set([1000, 1007, 1009, 4001, 4002, 4003, 4008, 4029]);

const INTERNAL = 5001;

/** Counts over every stream of a run. */
export class FuzzStats {
  readonly streams = new Map<string, number>();
  /** Ops sent as well-formed requests at least once. */
  readonly ops = new Set<string>();
  framesSent = 0;
  readonly byKind = new Map<FrameKind, number>();
  readonly errorsByCode = new Map<number, number>();
  readonly closesByCode = new Map<number, number>();
  responses = 0;
  pushes = 0;
  acks = 0;
  readonly findings: string[] = [];

  count<K>(map: Map<K, number>, key: K, n = 1): void {
    map.set(key, (map.get(key) ?? 0) + n);
  }
}

/**
 * How a stream starts: straight into frames, after a hello, logged in as a fuzz user, or
 * logged in through MaxLeap's client key (a privileged session that may act for others).
 */
export type StreamMode = 'anonymous' | 'hello' | 'login' | 'privileged';

export interface StreamOptions {
  url: string;
  seed: number;
  /** `worker.k`, for reports. */
  label: string;
  frames: number;
  app: AppConfig;
  targets: Targets;
  /** What privileged streams aim at: never the well-behaved pair, whom they could act for. */
  privilegedTargets: Targets;
  fuzzUsers: readonly string[];
  /** Resume tokens shared by one worker's streams (a later stream resumes an earlier session). */
  resumeTokens: string[];
  maxFrameBytes: number;
  stats: FuzzStats;
}

const protoCodec = new ProtobufCodec({ maxFrameBytes: 64 * 1024 * 1024 });
const jsonCodec = new JsonCodec({ maxFrameBytes: 64 * 1024 * 1024 });

function describeFrame(frame: Frame): string {
  const data = typeof frame.data === 'string' ? JSON.stringify(frame.data.slice(0, 80)) + (frame.data.length > 80 ? `… (${frame.data.length} chars)` : '') : hex(frame.data);
  return `${frame.kind} id=${frame.id} ${data}`;
}

/** Runs one stream to its end; returns how many frames it sent. Findings go to `stats`. */
export async function runStream(o: StreamOptions): Promise<number> {
  const rng = new Rng(o.seed);
  const json = rng.chance(0.5);
  const mode = rng.weighted<StreamMode>({ anonymous: 20, hello: 15, login: 55, privileged: 10 });
  const where = `stream ${o.label} (stream seed ${o.seed}, ${json ? 'json' : 'proto'}, ${mode})`;
  const finding = (what: string) => o.stats.findings.push(`${where}: ${what}`);
  o.stats.count(o.stats.streams, `${json ? 'json' : 'proto'}/${mode}`);

  // Now and then a handshake with no subprotocol at all: the server must refuse it with 4008.
  const offerNone = rng.chance(0.02);
  const ws = new WebSocket(`${o.url.replace(/^http/, 'ws')}/parley/ws`, offerNone ? [] : [json ? SUBPROTOCOL_JSON : SUBPROTOCOL_PROTOBUF], {
    maxPayload: 64 * 1024 * 1024,
  });
  let closedByUs = false;
  let closeCode: number | undefined;
  const answered = new Map<number, number>();
  const waiters = new Map<number, (() => void)[]>();
  // Descriptions, not frames: a stream must not hold megabytes of frames while memory is measured.
  const sentFrames = new Map<number, string>();
  const recent: string[] = [];
  const closed = new Promise<void>((resolve) => {
    ws.on('close', (code) => {
      closeCode = code;
      for (const list of waiters.values()) for (const w of list) w();
      waiters.clear();
      resolve();
    });
  });
  ws.on('error', () => {
    // The close event follows and carries what matters.
  });
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    let envelope: Envelope;
    try {
      if (json && isBinary) throw new Error('binary frame on the JSON subprotocol');
      envelope = json ? jsonCodec.decode(data.toString('utf8')) : protoCodec.decode(data);
    } catch (error) {
      finding(`the server sent a frame its own codec refuses: ${String(error)}`);
      return;
    }
    if (envelope.kind === 'push') {
      o.stats.pushes++;
      return;
    }
    if (envelope.kind === 'ack') {
      o.stats.acks++;
      return;
    }
    if (envelope.kind === 'error') {
      const code = envelope.error?.code ?? 0;
      o.stats.count(o.stats.errorsByCode, code);
      const culprit = sentFrames.get(envelope.id) ?? `id ${envelope.id}`;
      if (errorCodeName(code) === undefined) finding(`error with an unknown code ${code} for ${culprit}`);
      if (code === INTERNAL) finding(`INTERNAL error (${envelope.error?.message}) for ${culprit}`);
    } else if (envelope.kind === 'response') {
      o.stats.responses++;
      const response = envelope.response;
      const login = response?.result === 'authLogin' ? response.authLogin : response?.result === 'authResume' ? response.authResume : undefined;
      if (login?.resumeToken) {
        o.resumeTokens.push(login.resumeToken);
        if (o.resumeTokens.length > 8) o.resumeTokens.shift();
      }
    } else {
      finding(`the server sent a ${envelope.kind} envelope`);
      return;
    }
    answered.set(envelope.id, (answered.get(envelope.id) ?? 0) + 1);
    const list = waiters.get(envelope.id);
    waiters.delete(envelope.id);
    for (const w of list ?? []) w();
  });

  const opened = await new Promise<boolean>((resolve) => {
    ws.once('open', () => resolve(true));
    ws.once('close', () => resolve(false));
  });
  const isOpen = () => closeCode === undefined && ws.readyState === WebSocket.OPEN;
  /** Resolves when `id` has an answer (or the socket closes); false on timeout. */
  const answer = (id: number, timeoutMs: number): Promise<boolean> => {
    if ((answered.get(id) ?? 0) > 0 || !isOpen()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      const list = waiters.get(id) ?? [];
      list.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
      waiters.set(id, list);
    });
  };

  let nextId = 1 + rng.int(1000);
  const state: StreamState = {
    rng,
    json,
    app: o.app,
    targets: mode === 'privileged' ? o.privilegedTargets : o.targets,
    fuzzUsers: o.fuzzUsers,
    resumeTokens: o.resumeTokens,
    maxFrameBytes: o.maxFrameBytes,
    nextId: () => {
      nextId = nextId >= 0xffff_fff0 ? 1 : nextId + 1;
      return nextId;
    },
  };
  const mustAnswer: { id: number; what: string }[] = [];
  const send = (frame: Frame): void => {
    o.stats.framesSent++;
    o.stats.count(o.stats.byKind, frame.kind);
    const what = describeFrame(frame);
    if (frame.id) sentFrames.set(frame.id, what);
    if (frame.mustAnswer) mustAnswer.push({ id: frame.id, what });
    if (frame.op) o.stats.ops.add(frame.op);
    recent.push(what);
    if (recent.length > 3) recent.shift();
    ws.send(frame.data, { binary: typeof frame.data !== 'string' && !frame.text });
  };

  let sent = 0;
  if (opened) {
    const handshake =
      mode === 'anonymous'
        ? []
        : mode === 'hello'
          ? [hello(rng, o.app)]
          : mode === 'privileged'
            ? [privilegedHello(o.app), maxleapLogin(rng.pick(o.fuzzUsers))]
            : [hello(rng, o.app), login(rng, o.app, rng.pick(o.fuzzUsers))];
    for (const request of handshake) {
      const id = state.nextId();
      const frame: Frame = { data: json ? jsonCodec.encode({ id, request }) : protoCodec.encode({ id, request }), id, kind: 'handshake', mustAnswer: true };
      send(frame);
      sent++;
      if (!(await answer(id, 15_000))) finding(`no answer to the ${Object.keys(request)[0]} of the handshake within 15 s`);
    }
    while (sent < o.frames && isOpen()) {
      for (const frame of nextFrames(state)) {
        if (!isOpen()) break;
        send(frame);
        sent++;
      }
      // Pace like a busy client: often wait for the answer, sometimes pause, sometimes pipeline.
      const last = state.lastValid;
      if (last && rng.chance(0.4)) await answer(last.id, 5_000);
      else if (rng.chance(0.15)) await new Promise((resolve) => setTimeout(resolve, rng.int(30)));
      else await new Promise((resolve) => setImmediate(resolve));
      // Do not let the client's own send buffer run away from the server.
      while (isOpen() && ws.bufferedAmount > 4 * 1024 * 1024) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    if (isOpen()) {
      // Liveness: a fresh ping is answered (a pong or RATE_LIMITED), or the connection closes.
      const id = state.nextId();
      send({ data: json ? jsonCodec.encode({ id, request: { connPing: {} } }) : protoCodec.encode({ id, request: { connPing: {} } }), id, kind: 'valid' });
      if (!(await answer(id, 15_000))) finding('a ping got neither an answer nor a close within 15 s: the connection hangs');
      // Every well-formed request sent on a connection that is still open gets its answer.
      const deadline = Date.now() + 10_000;
      for (const frame of mustAnswer) {
        if (!isOpen()) break;
        if (!(await answer(frame.id, Math.max(1, deadline - Date.now())))) {
          finding(`a well-formed request was never answered: ${frame.what}`);
          break;
        }
      }
    }
  }

  if (closeCode === undefined) {
    closedByUs = true;
    ws.close(1000);
    const done = await Promise.race([closed.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5_000))]);
    if (!done) {
      finding('the server did not complete the close handshake within 5 s');
      ws.terminate();
      await closed;
    }
  }
  if (!closedByUs && closeCode !== undefined) {
    o.stats.count(o.stats.closesByCode, closeCode);
    if (!PROTOCOL_CLOSE_CODES.has(closeCode)) {
      finding(`closed by the server with ${closeCode}, not a protocol close code (last frames: ${recent.join(' | ') || 'none'})`);
    }
    if (offerNone && closeCode !== 4008) finding(`a handshake without a subprotocol was closed with ${closeCode}, not 4008`);
  }
  return Math.max(sent, 1);
}
