/**
 * A part of a compat package that loads on its first call. Behind a dynamic `import()`, app
 * bundlers put it in a chunk of its own that the page fetches only when a method needs it;
 * script-tag bundles inline it.
 */
export class LazyArea<M> {
  /** The module, once it has loaded. */
  value: M | undefined;
  #loading: Promise<M> | undefined;

  constructor(private readonly importer: () => Promise<M>) {}

  /** Loads the module (once; a failed load, such as a lost network, is tried again next time). */
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
}

/**
 * Keeps calls in call order while some wait for a module to load: a call made while others
 * wait runs after them; with none waiting it runs at once.
 */
export class CallQueue {
  #tail: Promise<unknown> | undefined;
  #waiting = 0;

  /** Whether calls are waiting. */
  get busy(): boolean {
    return this.#tail !== undefined;
  }

  /** Runs `step` now, or after the calls already waiting (`wait`: queue it in any case; the queue then waits for what it returns, a load). */
  run(step: () => unknown, wait = false): void {
    if (!this.#tail && !wait) {
      step();
      return;
    }
    this.#waiting++;
    this.#tail = (this.#tail ?? Promise.resolve())
      .then(step)
      // Steps settle their own calls; one that throws anyway must not stop the ones behind it.
      .catch(() => {})
      .finally(() => {
        if (--this.#waiting === 0) this.#tail = undefined;
      });
  }
}
