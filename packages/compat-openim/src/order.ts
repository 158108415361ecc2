/**
 * Keeps one SDK object's calls in the order the app made them while parts of the package load on
 * first use (a dynamic `import()`, see `lazy.ts`). A call that waits for its code holds back every
 * call made after it until it has started; with nothing waiting, a call starts at once, in the
 * caller's turn, exactly as when everything was loaded up front.
 */
export class CallOrder {
  /** Settles when the last waiting call has started (never rejects); undefined when none waits. */
  #tail: Promise<void> | undefined;
  /** True while a task started by this queue runs its synchronous part. */
  #running = false;

  /**
   * Runs `task` now, or, when earlier calls still wait for their code, right after they start.
   * A call made from inside a task (a method running another) is part of that task: it runs now.
   */
  run<R>(task: () => R): R | Promise<R> {
    if (!this.#tail || this.#running) return task();
    return this.#queue(undefined, () => task());
  }

  /**
   * Runs `task` with what `load` resolves to, once it has and every call queued before has
   * started. When `load` rejects (the code could not be fetched), `failed` answers instead (by
   * default the returned promise rejects with the fetch error), and the calls behind go on.
   */
  after<T, R>(load: Promise<T>, task: (value: T) => R, failed?: (error: unknown) => R): Promise<Awaited<R>> {
    return this.#queue(load, task, failed);
  }

  #queue<T, R>(load: Promise<T> | undefined, task: (value: T) => R, failed?: (error: unknown) => R): Promise<Awaited<R>> {
    // The previous tail never rejects, so a failed load only fails its own call.
    const gate = (this.#tail ?? Promise.resolve()).then(() => load as T);
    const done = gate.then(
      (value) => this.#inside(() => task(value)),
      (error: unknown) => {
        if (failed) return failed(error);
        throw error;
      },
    );
    const tail = gate.then(
      () => {},
      () => {},
    );
    this.#tail = tail;
    // Registered after `done`'s reaction on the same gate: the task has started when the queue empties.
    void tail.then(() => {
      if (this.#tail === tail) this.#tail = undefined;
    });
    return done as Promise<Awaited<R>>;
  }

  #inside<R>(task: () => R): R {
    const outer = this.#running;
    this.#running = true;
    try {
      return task();
    } finally {
      this.#running = outer;
    }
  }
}
