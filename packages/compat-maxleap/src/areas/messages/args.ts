/**
 * A REST helper's positional arguments and its callback. The callback is the last argument
 * when that is a function, so a call that leaves out trailing optional values (`ts`, `size`)
 * still reaches its callback; the values it left out read as `undefined`.
 */
export function argsOf(args: readonly unknown[], count: number): { values: unknown[]; callback: unknown } {
  const last = args[args.length - 1];
  const callback = typeof last === 'function' ? last : undefined;
  const given = callback ? args.slice(0, -1) : args;
  return { values: Array.from({ length: count }, (_, i) => given[i]), callback };
}
