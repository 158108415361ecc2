/**
 * `parley:codec` is resolved by the bundler (e2e/helpers/bundle.ts) to the codec the page
 * uses: the compact codec when its source exists, else `ProtobufCodec`. One switch, `PAGE_CODEC`.
 */
declare module 'parley:codec' {
  import type { Codec as CodecSeam } from '@parley/core';

  /** The codec class of this bundle. */
  export const Codec: new () => CodecSeam;
  /** Which one it is: `'compact'` or `'protobuf'`. */
  export const codecName: string;
}
