/**
 * A part of the package that an app bundler splits off (a dynamic `import()`), so a page
 * downloads it on the first call that needs it rather than up front.
 */
export interface Lazy<T> {
  /** The loaded part, or undefined before its first load has finished. */
  get(): T | undefined;
  /** Loads it once; a failed fetch (offline) is tried again on the next call. */
  load(): Promise<T>;
}

/** Wraps `importer` (a function returning `import('./x.js')`) as a {@link Lazy}. */
export function lazy<T>(importer: () => Promise<T>): Lazy<T> {
  let value: T | undefined;
  let loading: Promise<T> | undefined;
  return {
    get: () => value,
    load() {
      loading ??= importer().then(
        (loaded) => {
          value = loaded;
          return loaded;
        },
        (error: unknown) => {
          loading = undefined;
          throw error;
        },
      );
      return loading;
    },
  };
}
