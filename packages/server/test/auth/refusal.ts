import { ServerError } from '../../src/errors.js';

/**
 * Runs `fn` and returns the wire code of the `ServerError` it throws, or `undefined` when it
 * returns normally. Any other exception is re-thrown so the test fails loudly.
 *
 * @throws Whatever `fn` throws that is not a `ServerError`.
 */
export function refusalCode(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof ServerError) return error.code;
    throw error;
  }
  return undefined;
}

/**
 * Runs `fn` and returns the `ServerError` it throws; fails when it returns or throws anything
 * else.
 *
 * @throws Error when `fn` does not throw a `ServerError`.
 */
export function refusal(fn: () => unknown): ServerError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ServerError) return error;
    throw error;
  }
  throw new Error('expected a ServerError, but the call returned');
}
