/** tim-js-sdk's log levels: 0 verbose … 4 silent (tim.md §1.3). */
export type LogLevel = 0 | 1 | 2 | 3 | 4;

let level: number = 0;

/** Sets the level for every instance, as `setLogLevel` does in tim-js-sdk. */
export function setLogLevel(next: number): void {
  if (Number.isInteger(next) && next >= 0 && next <= 4) level = next;
}

export interface Logger {
  debug(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

/** A console logger honouring the level (0 and 1 log info, 2 warnings, 3 errors, 4 nothing). */
export function logger(): Logger {
  const at = (min: number, fn: (...args: unknown[]) => void) => (...args: unknown[]) => {
    if (level <= min) fn('TIM', ...args);
  };
  return {
    debug: at(0, (...a) => console.debug(...a)),
    info: at(1, (...a) => console.info(...a)),
    warn: at(2, (...a) => console.warn(...a)),
    error: at(3, (...a) => console.error(...a)),
  };
}
