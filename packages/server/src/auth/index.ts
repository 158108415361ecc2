/**
 * Credential checks of the four emulated vendors and of our own tokens. Every check is
 * synchronous except password hashing, and every refusal is a `ServerError` with a
 * canonical code whose message never contains the credential itself.
 *
 * @packageDocumentation
 */

export {
  USERSIG_MAX_CHARS,
  genUserSig,
  verifyUserSig,
  type GenUserSigOptions,
  type VerifiedUserSig,
  type VerifyUserSigOptions,
} from './usersig.js';
export {
  jmessageNonceKey,
  jmessageSignature,
  verifyJmessageSignature,
  type JmessageAuthPayload,
  type JmessageVerifyOptions,
} from './jmessage.js';
export { PASSWORD_MAX_BYTES, hashPassword, verifyPassword } from './password.js';
export {
  TOKEN_MAX_CHARS,
  issueToken,
  peekTokenApp,
  verifyToken,
  type IssuedToken,
  type TokenClaims,
  type TokenKind,
  type VerifiedToken,
  type VerifyTokenOptions,
} from './tokens.js';
export {
  maxleapSign,
  verifyMaxleapSign,
  type MaxleapKeyType,
  type MaxleapKeys,
  type MaxleapVerifyOptions,
} from './maxleap.js';
