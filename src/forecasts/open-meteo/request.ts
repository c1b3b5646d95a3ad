/**
 * What Skygraph asks of Open-Meteo's `/v1/forecast`, and what each request costs against its
 * budget. Pure functions: the HTTP client and the ingest decide when to call.
 *
 * - Many places per request: comma-separated coordinate lists, and `location_id` with our own
 *   ids, so that results are matched by id (response.ts), never by position alone.
 * - Metric units, named explicitly rather than left to the provider's defaults: every
 *   conversion is Skygraph's own (src/units.ts), the same for live and offline data.
 * - UTC: `timeformat=unixtime` and `timezone=GMT`. Local days are derived from each place's IANA
 *   zone by Skygraph (daily.ts); the provider's single `utc_offset_seconds` per place would be
 *   wrong across a DST change inside the window.
 */

/** Open-Meteo's names for the hourly values the schema serves, in ForecastHour's field order. */
export const HOURLY_VARIABLES = [
  'temperature_2m',
  'apparent_temperature',
  'relative_humidity_2m',
  'precipitation',
  'precipitation_probability',
  'wind_speed_10m',
  'wind_direction_10m',
  'weather_code',
] as const;

export type HourlyVariable = (typeof HOURLY_VARIABLES)[number];

/** Daily values asked for: the provider's own sun times, as instants. */
export const DAILY_VARIABLES = ['sunrise', 'sunset'] as const;

export type DailyVariable = (typeof DAILY_VARIABLES)[number];

/** The unit each variable must come back in; anything else is refused (response.ts), never guessed at. */
export const EXPECTED_UNITS: Record<'time' | HourlyVariable | DailyVariable, string> = {
  time: 'unixtime',
  temperature_2m: '°C',
  apparent_temperature: '°C',
  relative_humidity_2m: '%',
  precipitation: 'mm',
  precipitation_probability: '%',
  wind_speed_10m: 'km/h',
  wind_direction_10m: '°',
  weather_code: 'wmo code',
  sunrise: 'unixtime',
  sunset: 'unixtime',
};

/** Open-Meteo refuses more coordinates than this in one request. */
export const MAX_PLACES_PER_REQUEST = 1000;

export interface RequestPlace {
  id: number;
  latitude: number;
  longitude: number;
}

export interface ForecastRequest {
  /** `OPEN_METEO_BASE_URL`: the free host, the paid one, or a fake in tests. */
  baseUrl: string;
  /** `OPEN_METEO_API_KEY`, sent as `apikey`; null on the free host. */
  apiKey: string | null;
  /** `OPEN_METEO_MODEL`: `best_match` or one model's name. */
  model: string;
  places: readonly RequestPlace[];
  /** The hours asked for: `hours` whole UTC hours from `from` (unix seconds, a whole hour). */
  window: { from: number; hours: number };
}

const HOUR = 3600;

/** The URL of one `/v1/forecast` call for `request.places`; throws on a request Open-Meteo would refuse. */
export function forecastUrl({ baseUrl, apiKey, model, places, window }: ForecastRequest): URL {
  if (places.length === 0) throw new RangeError('A forecast request needs at least one place');
  if (places.length > MAX_PLACES_PER_REQUEST) {
    throw new RangeError(`Open-Meteo takes at most ${MAX_PLACES_PER_REQUEST} places per request, got ${places.length}`);
  }
  if (window.from % HOUR !== 0 || !Number.isInteger(window.hours) || window.hours < 1) {
    throw new RangeError(`The window must start on a whole hour and cover at least one, got ${JSON.stringify(window)}`);
  }
  const url = new URL('v1/forecast', baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  const params = url.searchParams;
  // Five decimals are about a metre: more only lengthens the URL, which Open-Meteo caps.
  params.set('latitude', places.map((place) => coordinate(place.latitude)).join(','));
  params.set('longitude', places.map((place) => coordinate(place.longitude)).join(','));
  params.set('location_id', places.map((place) => place.id).join(','));
  params.set('hourly', HOURLY_VARIABLES.join(','));
  params.set('daily', DAILY_VARIABLES.join(','));
  params.set('models', model);
  params.set('temperature_unit', 'celsius');
  params.set('wind_speed_unit', 'kmh');
  params.set('precipitation_unit', 'mm');
  params.set('timeformat', 'unixtime');
  params.set('timezone', 'GMT');
  // The last hour asked for is the window's last, inclusive.
  params.set('start_hour', isoHour(window.from));
  params.set('end_hour', isoHour(window.from + (window.hours - 1) * HOUR));
  if (apiKey) params.set('apikey', apiKey);
  return url;
}

/**
 * What one call costs against Open-Meteo's budget, as it counts: each place weighs
 * `max(1, variables / 10 × max(1, days / 14))`, and a call weighs its places' sum. Skygraph asks
 * 10 variables, so a call of up to 14 days weighs one per place.
 */
export function requestWeight(places: number, window: { hours: number }): number {
  const variables = HOURLY_VARIABLES.length + DAILY_VARIABLES.length;
  const days = Math.ceil(window.hours / 24);
  return places * Math.max(1, (variables / 10) * Math.max(1, days / 14));
}

function coordinate(degrees: number): string {
  if (!Number.isFinite(degrees)) throw new RangeError(`A coordinate must be a finite number, got ${degrees}`);
  return String(Math.round(degrees * 100_000) / 100_000);
}

/** `2026-12-02T18:00`: the form `start_hour` and `end_hour` take, in the request's zone (GMT). */
function isoHour(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().slice(0, 16);
}
