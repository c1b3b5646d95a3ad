/** Sunrise and sunset: a provider's where it gives them, else from the sun's computed position. */
import { getTimes } from 'suncalc';
import type { SunEvents } from './provider.js';

const DAY_MS = 86_400_000;

/**
 * Sunrise and sunset (unix seconds) falling within [dayStartUnix, dayEndUnix); each is null when
 * the sun does not cross the horizon that day (polar night, midnight sun).
 */
export function sunTimes(
  latitude: number,
  longitude: number,
  dayStartUnix: number,
  dayEndUnix: number,
): { sunrise: number | null; sunset: number | null } {
  // suncalc answers for the solar day whose noon is nearest the date given. A local day can be
  // hours away from solar time (western China keeps Beijing time), so a rise or set inside it may
  // belong to a neighbouring solar day: ask for all three and keep the event inside the window.
  const middle = ((dayStartUnix + dayEndUnix) / 2) * 1000;
  let sunrise: number | null = null;
  let sunset: number | null = null;
  for (const ms of [middle, middle - DAY_MS, middle + DAY_MS]) {
    const times = getTimes(new Date(ms), latitude, longitude);
    sunrise ??= withinDay(times.sunrise, dayStartUnix, dayEndUnix);
    sunset ??= withinDay(times.sunset, dayStartUnix, dayEndUnix);
    if (sunrise !== null && sunset !== null) break;
  }
  return { sunrise, sunset };
}

function withinDay(event: Date | null, dayStartUnix: number, dayEndUnix: number): number | null {
  if (event === null) return null;
  const unix = Math.round(event.getTime() / 1000);
  // Older suncalc versions report a missing event as an Invalid Date rather than null.
  if (Number.isNaN(unix) || unix < dayStartUnix || unix >= dayEndUnix) return null;
  return unix;
}

/**
 * The sunrise and sunset of `events` within [dayStartUnix, dayEndUnix), each null when there is
 * none in it (polar night, midnight sun); null as a whole when the day is not all inside the span
 * the events cover, so that an event just outside it is not taken for no event.
 */
export function sunTimesFrom(
  events: SunEvents,
  dayStartUnix: number,
  dayEndUnix: number,
): { sunrise: number | null; sunset: number | null } | null {
  if (dayStartUnix < events.from || dayEndUnix > events.to) return null;
  const within = (instants: number[]) => instants.find((t) => t >= dayStartUnix && t < dayEndUnix) ?? null;
  return { sunrise: within(events.sunrises), sunset: within(events.sunsets) };
}
