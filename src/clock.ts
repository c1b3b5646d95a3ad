/**
 * The clock, passed in rather than read from `Date` so that tests and benchmarks can pin "now".
 */
export interface Clock {
  /** Current time in unix milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that always answers `at` (unix milliseconds). */
export function fixedClock(at: number): Clock {
  return { now: () => at };
}
