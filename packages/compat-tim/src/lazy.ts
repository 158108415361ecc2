import { LazyArea as BaseLazyArea } from '@parley/shim-kit';

/**
 * An API area that loads on its first call (shim-kit's {@link BaseLazyArea}), with the calls
 * that use it kept in call order while it loads.
 */
export class LazyArea<M> extends BaseLazyArea<M> {
  /** Calls waiting for the module: while any waits, later calls queue behind it. */
  #waiting = 0;

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
