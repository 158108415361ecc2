// How a field of the compact schema repeats and when it is written (see kind.ts for why these
// are constants).

/** A proto3 singular field: not written at its default, always present when decoded. */
export const PLAIN = 0;
/** A oneof member or a proto3 `optional` field: written when set, absent when not on the wire. */
export const PRESENCE = 1;
export const REPEATED = 2;
/** Repeated numeric kinds written as one length-delimited run (proto3's default). */
export const PACKED = 3;
export const MAP = 4;
