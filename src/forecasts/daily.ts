/**
 * Daily summaries: hourly rows grouped into the place's local calendar days. A local day is
 * [startOfLocalDay(date), startOfLocalDay(next date)), so it spans 23 or 25 hours when the
 * clocks change, and in a zone with a half-hour offset it holds the UTC hours starting inside it.
 */
import { addDays, localDate, startOfLocalDay } from '../time.js';
import { mostSignificantCode } from './conditions.js';
import type { ForecastHour } from './model.js';
import type { SunEvents } from './provider.js';
import { sunTimes, sunTimesFrom } from './sun.js';

export interface DailySummary {
  /** Local calendar day, `YYYY-MM-DD`. */
  date: string;
  /** °C. */
  temperatureMin: number;
  /** °C. */
  temperatureMax: number;
  /** mm over the day, 1 decimal. */
  precipitationSum: number;
  /** WMO code of the day's most significant weather. */
  weatherCode: number;
  /** Unix seconds, or null when the sun does not rise within the day. */
  sunrise: number | null;
  /** Unix seconds, or null when the sun does not set within the day. */
  sunset: number | null;
}

const HOUR = 3600;

function ceilHour(unix: number): number {
  return Math.ceil(unix / HOUR) * HOUR;
}

/** The UTC hours [from, to) whose rows `dailySummaries` needs for those days: exactly those starting inside them. */
export function dayWindow(firstDate: string, days: number, timeZone: string): { from: number; to: number } {
  return {
    from: ceilHour(startOfLocalDay(firstDate, timeZone)),
    to: ceilHour(startOfLocalDay(addDays(firstDate, days), timeZone)),
  };
}

/** First index in `hours` whose time is at or after `unix` (hours sorted by time). */
function lowerBound(hours: readonly ForecastHour[], unix: number): number {
  let low = 0;
  let high = hours.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (hours[middle]!.time < unix) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Summaries of `days` consecutive local days starting at `firstDate`, from hours sorted by time;
 * a day whose hours are not all present is left out. Sun times come from `sun` (a provider's)
 * for the days it covers, and are computed for the rest.
 */
export function dailySummaries(
  hours: readonly ForecastHour[],
  place: { latitude: number; longitude: number; timezone: string },
  firstDate: string,
  days: number,
  sun?: SunEvents,
): DailySummary[] {
  const summaries: DailySummary[] = [];
  let date = firstDate;
  let start = startOfLocalDay(date, place.timezone);
  for (let day = 0; day < days; day++) {
    const nextDate = addDays(date, 1);
    const end = startOfLocalDay(nextDate, place.timezone);
    const summary = summarise(hours, date, start, end);
    if (summary !== null) {
      const { sunrise, sunset } = (sun && sunTimesFrom(sun, start, end)) ?? sunTimes(place.latitude, place.longitude, start, end);
      summaries.push({ ...summary, sunrise, sunset });
    }
    date = nextDate;
    start = end;
  }
  return summaries;
}

/** Summaries of every local day that `hours` (sorted by time) covers whole: what a run stores. */
export function wholeDays(
  hours: readonly ForecastHour[],
  place: { latitude: number; longitude: number; timezone: string },
  sun?: SunEvents,
): DailySummary[] {
  if (hours.length === 0) return [];
  const first = localDate(hours[0]!.time, place.timezone);
  const last = localDate(hours.at(-1)!.time, place.timezone);
  let days = 1;
  for (let date = first; date < last; date = addDays(date, 1)) days++;
  return dailySummaries(hours, place, first, days, sun);
}

function summarise(
  hours: readonly ForecastHour[],
  date: string,
  start: number,
  end: number,
): Omit<DailySummary, 'sunrise' | 'sunset'> | null {
  let index = lowerBound(hours, start);
  let temperatureMin = Infinity;
  let temperatureMax = -Infinity;
  let precipitationSum = 0;
  const codes: number[] = [];
  // A partial day would report a misleading minimum or total, so every hour must be there.
  for (let expected = ceilHour(start); expected < end; expected += HOUR, index++) {
    const hour = hours[index];
    if (hour === undefined || hour.time !== expected) return null;
    temperatureMin = Math.min(temperatureMin, hour.temperature);
    temperatureMax = Math.max(temperatureMax, hour.temperature);
    precipitationSum += hour.precipitation;
    codes.push(hour.weatherCode);
  }
  if (codes.length === 0) return null;
  return {
    date,
    temperatureMin,
    temperatureMax,
    // Summing 1-decimal values in binary floating point leaves tails like 0.30000000000000004.
    precipitationSum: Math.round(precipitationSum * 10) / 10,
    weatherCode: mostSignificantCode(codes),
  };
}
