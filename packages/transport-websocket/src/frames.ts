/**
 * Turns what a WebSocket implementation hands to `onmessage` into a transport frame: `string`
 * for text, a plain `Uint8Array` for binary. Besides `ArrayBuffer` (what `binaryType
 * 'arraybuffer'` gives), it takes the shapes `ws` produces under its other binary types: a Node
 * `Buffer` (any `ArrayBuffer` view) and an array of them (`'fragments'`). Anything else (a
 * `Blob` from an implementation that ignored `binaryType`) gives `undefined`.
 */
export function toFrame(data: unknown): Uint8Array | string | undefined {
  if (typeof data === 'string') return data;
  if (isArrayBuffer(data)) return new Uint8Array(data);
  // A plain Uint8Array over the same memory: callers get the type they were promised, not Buffer.
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (Array.isArray(data) && data.every((part) => ArrayBuffer.isView(part))) return concat(data);
  return undefined;
}

// `instanceof ArrayBuffer` fails for buffers from another realm (an iframe, a test environment).
function isArrayBuffer(value: unknown): value is ArrayBuffer {
  return Object.prototype.toString.call(value) === '[object ArrayBuffer]';
}

function concat(parts: readonly ArrayBufferView[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(new Uint8Array(part.buffer, part.byteOffset, part.byteLength), offset);
    offset += part.byteLength;
  }
  return out;
}
