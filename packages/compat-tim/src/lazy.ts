/**
 * An API area that loads on its first call. Behind a dynamic `import()`, app bundlers put it in
 * a chunk of its own that the page fetches only when a method needs it (issue 13's app budget);
 * a build without code splitting inlines it.
 */
export class LazyArea<M> {
  /** The module, once it has loaded. */
  value: M | undefined;
  #loading: Promise<M> | undefined;
  /** Calls waiting for the module: while any waits, later calls queue behind it. */
  #waiting = 0;

  constructor(private readonly importer: () => Promise<M>) {}

  /** Loads the module (once; a failed load, such as a lost network, is tried again on the next call). */
  load(): Promise<M> {
    this.#loading ??= this.importer().then(
      (module) => {
        this.value = module;
        return module;
      },
      (error: unknown) => {
        this.#loading = undefined;
        throw error;
      },
    );
    return this.#loading;
  }

  /**
   * Runs `use` with the module: at once when it is loaded and no earlier call still waits for
   * it, else after the load. Calls made in a row run in that order either way.
   */
  run<T>(use: (module: M) => T | Promise<T>): T | Promise<T> {
    if (this.value !== undefined && this.#waiting === 0) return use(this.value);
    this.#waiting += 1;
    const done = () => {
      this.#waiting -= 1;
    };
    return this.load().then(
      (module) => {
        done();
        return use(module);
      },
      (error: unknown) => {
        done();
        throw error;
      },
    );
  }
}
