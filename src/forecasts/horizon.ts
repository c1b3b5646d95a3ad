/**
 * How far forecasts reach, and the window of hours a run stores. Pure; the clock is passed in.
 */
const HOUR = 3_600;

/** Most values `hourly(hours:)` returns. */
export const MAX_HOURLY = 240;
/** Most days `daily(days:)` returns (the contract asks for at least 10). */
export const MAX_DAILY = 10;
/** How far before now `hourly(from:)` may start: yesterday's hours are kept for "earlier today". */
export const HISTORY_HOURS = 24;

/**
 * The hours one stored run covers: from a day before the current hour (today's local day began
 * at most 24 h ago anywhere on Earth) to a day past the last forecast day (a local day can end
 * up to 14 h after the same UTC day, and DST days are 25 h), so every `hourly` and `daily`
 * request inside the limits is served from one run.
 */
export function runWindow(nowUnix: number): { from: number; hours: number } {
  const currentHour = Math.floor(nowUnix / HOUR) * HOUR;
  return { from: currentHour - HISTORY_HOURS * HOUR, hours: HISTORY_HOURS + (MAX_DAILY + 1) * 24 };
}
