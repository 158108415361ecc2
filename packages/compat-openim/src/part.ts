import { type Lazy, lazy } from './lazy.js';
import type { MethodTable } from './method.js';

/** The part of the package loaded on first use (see `later.ts`). */
export const later = lazy(() => import('./later.js'));

/** The 2.x method specs of that part. */
export const laterMethods: Lazy<MethodTable> = {
  get: () => later.get()?.METHODS,
  load: () => later.load().then((part) => part.METHODS),
};
