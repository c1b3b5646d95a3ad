/**
 * Open-Meteo `/v1/forecast` answers as the real service writes them (`timeformat=unixtime`,
 * metric units, `location_id` echoed, `*_units` blocks), for the provider's tests and, later,
 * the fake server on loopback.
 */
import { DAILY_VARIABLES, EXPECTED_UNITS, HOURLY_VARIABLES, type RequestPlace } from '../../src/forecasts/open-meteo/request.js';

export interface ResultOptions {
  /** The first hour (unix seconds) and how many. */
  from: number;
  hours: number;
  /** Values by variable; each hour's default is a plausible number derived from its index. */
  values?: Partial<Record<(typeof HOURLY_VARIABLES)[number], (number | null)[]>>;
  /** The temperature at each hour's time (unix seconds), where a test needs values tied to instants rather than to positions. */
  temperatureAt?: (time: number) => number | null;
  /** Moves the answered coordinates, as Open-Meteo snaps them to its grid. */
  shift?: number;
  /** Leaves `location_id` out, as Open-Meteo does for a single place. */
  withoutLocationId?: boolean;
}

const DAY = 86_400;

/** One place's result object. */
export function openMeteoResult(
  place: RequestPlace,
  { from, hours, values = {}, temperatureAt, shift = 0.02, withoutLocationId }: ResultOptions,
) {
  const time = Array.from({ length: hours }, (_, i) => from + i * 3600);
  const hourly: Record<string, (number | null)[]> = { time };
  for (const [k, variable] of HOURLY_VARIABLES.entries()) {
    hourly[variable] = values[variable] ?? time.map((_, i) => (variable === 'weather_code' ? 3 : k * 10 + (i % 24)));
  }
  if (temperatureAt) hourly.temperature_2m = time.map(temperatureAt);
  const firstDay = Math.floor(from / DAY) * DAY;
  const days = Array.from({ length: Math.ceil((from + hours * 3600 - firstDay) / DAY) }, (_, i) => firstDay + i * DAY);
  const daily: Record<string, number[]> = { time: days };
  daily.sunrise = days.map((day) => day + 7 * 3600);
  daily.sunset = days.map((day) => day + 16 * 3600);
  const units = (names: readonly string[]) =>
    Object.fromEntries(['time', ...names].map((name) => [name, EXPECTED_UNITS[name as keyof typeof EXPECTED_UNITS]]));
  return {
    latitude: place.latitude + shift,
    longitude: place.longitude - shift,
    generationtime_ms: 0.8,
    utc_offset_seconds: 0,
    timezone: 'GMT',
    timezone_abbreviation: 'GMT',
    elevation: 38,
    ...(withoutLocationId ? {} : { location_id: place.id }),
    hourly_units: units(HOURLY_VARIABLES),
    hourly,
    daily_units: units(DAILY_VARIABLES),
    daily,
  };
}
