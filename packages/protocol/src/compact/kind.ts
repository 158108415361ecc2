// Value kinds of the compact schema, numbered in the order of the table's kind letters, then
// MESSAGE. Plain constants (imported as a namespace) rather than an enum, so that a bundler
// inlines them whether it reads this source or the compiled dist/.

export const STRING = 0;
export const BOOL = 1;
export const UINT32 = 2;
/** Also enums: their values are int32 on the wire and numbers when decoded. */
export const INT32 = 3;
export const SINT32 = 4;
export const UINT64 = 5;
export const INT64 = 6;
export const SINT64 = 7;
export const DOUBLE = 8;
export const FLOAT = 9;
export const FIXED32 = 10;
export const FIXED64 = 11;
export const SFIXED32 = 12;
export const SFIXED64 = 13;
export const BYTES = 14;
export const MESSAGE = 15;
