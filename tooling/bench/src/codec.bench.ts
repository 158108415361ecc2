// Codec benchmark (issue #2): encode and decode of a typical chat message frame with
// ProtobufCodec, against JSON.stringify / JSON.parse of the same object, in the same run.
import { type EnvelopeInit, ProtobufCodec } from '@parley/protocol';
import { JsonCodec } from '@parley/protocol/json';
import { compare, fmt, table } from './harness.js';

/**
 * A typical chat frame: request id, conversation id, sender, client message id, seq, time,
 * a 40-character text and two custom fields.
 */
export const TYPICAL_FRAME: EnvelopeInit = {
  id: 18_342,
  request: {
    msgSend: {
      convId: 'c2c:u_5f2a91c3',
      senderId: 'u_7b04e6d2',
      clientMsgId: '3f9c2b7e-1d4a-4c6b-9e8f-0a5d7c2b1e94',
      seq: 48_213,
      time: 1_795_312_845_117,
      elements: [{ text: { text: 'Running ten minutes late, start without.' } }],
      extras: { priority: '"normal"', threadId: '"t-2291"' },
    },
  },
};

export interface CodecResult {
  markdown: string;
  bytesRatio: number;
  throughputRatio: number;
  pass: boolean;
}

export function runCodecBench(): CodecResult {
  const codec = new ProtobufCodec();
  const jsonCodec = new JsonCodec();
  const frame = codec.encode(TYPICAL_FRAME);
  const text = JSON.stringify(TYPICAL_FRAME);
  const textBytes = Buffer.byteLength(text);
  const msgText = TYPICAL_FRAME.request!.msgSend!.elements![0]!.text!.text!;
  if (msgText.length !== 40) throw new Error(`the sample text must be 40 characters, is ${msgText.length}`);

  const [pbEnc, jsonEnc] = compare({
    'protobuf encode': () => codec.encode(TYPICAL_FRAME),
    'JSON.stringify': () => JSON.stringify(TYPICAL_FRAME),
  });
  const [pbDec, jsonDec] = compare({
    'protobuf decode': () => codec.decode(frame),
    'JSON.parse': () => JSON.parse(text),
  });
  const [pbBoth, jsonBoth, schemaJson] = compare({
    'protobuf encode+decode': () => codec.decode(codec.encode(TYPICAL_FRAME)),
    'JSON stringify+parse': () => JSON.parse(JSON.stringify(TYPICAL_FRAME)),
    'JsonCodec encode+decode (schema-checked, debugging)': () => jsonCodec.decode(jsonCodec.encode(TYPICAL_FRAME)),
  });

  const bytesRatio = frame.length / textBytes;
  const throughputRatio = pbBoth!.opsPerSec / jsonBoth!.opsPerSec;
  const pass = bytesRatio <= 0.6 && throughputRatio >= 1;
  const rows = [
    ['bytes per frame', fmt(frame.length), fmt(textBytes), fmt(bytesRatio, 2), '≤ 0.60'],
    ['encode, ops/s', fmt(pbEnc!.opsPerSec), fmt(jsonEnc!.opsPerSec), fmt(pbEnc!.opsPerSec / jsonEnc!.opsPerSec, 2), ''],
    ['decode, ops/s', fmt(pbDec!.opsPerSec), fmt(jsonDec!.opsPerSec), fmt(pbDec!.opsPerSec / jsonDec!.opsPerSec, 2), ''],
    ['encode+decode, ops/s', fmt(pbBoth!.opsPerSec), fmt(jsonBoth!.opsPerSec), fmt(throughputRatio, 2), '≥ 1.00'],
  ];
  const spread = [pbBoth!, jsonBoth!].map((m) => `${m.name} ${fmt(m.min)}–${fmt(m.max)}`).join('; ');
  const markdown = [
    '### Codec: typical chat message frame',
    '',
    table(['measure', 'ProtobufCodec', 'JSON (baseline)', 'ratio', 'target'], rows),
    '',
    `Round spread (ops/s, min–max of 9 rounds): ${spread}.`,
    `For reference, the schema-checked JsonCodec (debugging only): ${fmt(schemaJson!.opsPerSec)} encode+decode/s.`,
    `Result: ${pass ? 'both targets met' : 'TARGET MISSED'}.`,
  ].join('\n');
  return { markdown, bytesRatio, throughputRatio, pass };
}
