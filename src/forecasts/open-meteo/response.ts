/**
 * Reading what `/v1/forecast` answers, strictly: a body that is not exactly what request.ts
 * asked for is an error that says what was wrong, never a forecast with guessed values.
 *
 * - One place answers an object, several an array in request order. Each result is matched to
 *   its place by the `location_id` it echoes, and its coordinates must lie near that place's:
 *   position alone is never trusted.
 * - Every unit block must name the unit asked for (request.ts `EXPECTED_UNITS`).
 * - A missing value (`null`) stays null; it is for the store and the schema to say what an
 *   absent value means, not for the reader to invent one.
 * - Open-Meteo streams large answers, and a failure mid-stream appends a plain-text error to a
 *   200 body that has already begun: such a body is `truncated`, which is worth retrying, unlike
 *   a 400 (`bad request`), which never is.
 */
import { isRecord } from '../../json.js';
import {
  DAILY_VARIABLES,
  EXPECTED_UNITS,
  HOURLY_VARIABLES,
  type DailyVariable,
  type HourlyVariable,
  type RequestPlace,
} from './request.js';

/** One hour as Open-Meteo gave it, in the metric units asked for; null where it has no value. */
export type ProviderHour = { time: number } & Record<HourlyVariable, number | null>;

/** One UTC day's sun times (unix seconds); null in polar day or night. */
export type ProviderSunTimes = { day: number } & Record<DailyVariable, number | null>;

export interface ProviderForecast {
  locationId: number;
  /** The elevation Open-Meteo used (metres), from its own terrain model. */
  elevation: number | null;
  /** Consecutive hours, sorted by time. */
  hours: ProviderHour[];
  sunTimes: ProviderSunTimes[];
}

export type OpenMeteoFailure =
  /** A 400: the request is wrong and sending it again cannot help. */
  | 'bad request'
  /** A 429: a minute, hour or day budget is spent. */
  | 'rate limited'
  /** A 5xx, or another status that may pass. */
  | 'unavailable'
  /** A 200 body cut off or followed by an error message. */
  | 'truncated'
  /** A complete body that is not the answer asked for (wrong units, a missing place, bad values). */
  | 'malformed';

export class OpenMeteoError extends Error {
  constructor(
    readonly failure: OpenMeteoFailure,
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'OpenMeteoError';
  }

  /** Whether the same request may succeed later: not for a 400 or an answer that is well formed but wrong. */
  get retryable(): boolean {
    return this.failure === 'rate limited' || this.failure === 'unavailable' || this.failure === 'truncated';
  }
}

/** How far (degrees) Open-Meteo may move a coordinate to its grid cell: its coarsest global models are about 0.25°. */
const GRID_TOLERANCE_DEGREES = 0.5;

/** The forecasts in an answer with `status` and `body` to a request for `places`, one per place, in their order; throws OpenMeteoError. */
export function readForecastResponse(status: number, body: string, places: readonly RequestPlace[]): ProviderForecast[] {
  const parsed = parseBody(status, body);
  if (status !== 200) throw statusError(status, parsed);
  if (isRecord(parsed) && parsed.error === true) throw new OpenMeteoError('malformed', status, `Open-Meteo: ${reasonOf(parsed)}`);

  const results = Array.isArray(parsed) ? parsed : [parsed];
  if (results.length !== places.length) {
    throw malformed(`${results.length} results for ${places.length} places`);
  }
  const byId = new Map(places.map((place) => [place.id, place]));
  const forecasts = new Map<number, ProviderForecast>();
  for (const [index, result] of results.entries()) {
    if (!isRecord(result)) throw malformed(`result ${index} is not an object`);
    const place = placeOf(result, index, places, byId);
    if (forecasts.has(place.id)) throw malformed(`two results for location_id ${place.id}`);
    checkNear(result, place);
    forecasts.set(place.id, {
      locationId: place.id,
      elevation: typeof result.elevation === 'number' && Number.isFinite(result.elevation) ? result.elevation : null,
      hours: readHours(result, place.id),
      sunTimes: readSunTimes(result, place.id),
    });
  }
  return places.map((place) => forecasts.get(place.id)!);
}

function parseBody(status: number, body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    const started = /^\s*[[{]/.test(body);
    if (status === 200 && started) throw new OpenMeteoError('truncated', status, `Open-Meteo's answer ends early: …${tail(body)}`);
    if (status === 200) throw malformed(`the answer is not JSON: ${tail(body)}`);
    return undefined;
  }
}

function statusError(status: number, parsed: unknown): OpenMeteoError {
  const reason = isRecord(parsed) ? reasonOf(parsed) : `HTTP ${status}`;
  if (status === 400) return new OpenMeteoError('bad request', status, `Open-Meteo refused the request: ${reason}`);
  if (status === 429) return new OpenMeteoError('rate limited', status, `Open-Meteo's request budget is spent: ${reason}`);
  return new OpenMeteoError('unavailable', status, `Open-Meteo answered ${status}: ${reason}`);
}

/** The place a result answers: by its echoed `location_id`, or the only place asked for when it echoes none. */
function placeOf(
  result: Record<string, unknown>,
  index: number,
  places: readonly RequestPlace[],
  byId: ReadonlyMap<number, RequestPlace>,
): RequestPlace {
  const id = result.location_id;
  if (id === undefined && places.length === 1) return places[0]!;
  if (typeof id !== 'number') throw malformed(`result ${index} has no location_id`);
  const place = byId.get(id);
  if (!place) throw malformed(`result ${index} has location_id ${id}, which was not asked for`);
  return place;
}

function checkNear(result: Record<string, unknown>, place: RequestPlace): void {
  const { latitude, longitude } = result;
  if (typeof latitude !== 'number' || typeof longitude !== 'number') throw malformed(`location_id ${place.id} has no coordinates`);
  const longitudeGap = Math.abs(((longitude - place.longitude + 540) % 360) - 180);
  if (Math.abs(latitude - place.latitude) > GRID_TOLERANCE_DEGREES || longitudeGap > GRID_TOLERANCE_DEGREES) {
    throw malformed(
      `location_id ${place.id} answers for ${latitude}, ${longitude}, too far from the ${place.latitude}, ${place.longitude} asked for`,
    );
  }
}

function readHours(result: Record<string, unknown>, id: number): ProviderHour[] {
  const columns = readColumns(result, 'hourly', HOURLY_VARIABLES, id);
  const hours: ProviderHour[] = columns.time.map((time) => ({ time }) as ProviderHour);
  for (const variable of HOURLY_VARIABLES) {
    columns.values[variable].forEach((value, i) => (hours[i]![variable] = value));
  }
  for (let i = 1; i < hours.length; i++) {
    if (hours[i]!.time !== hours[i - 1]!.time + 3600) throw malformed(`location_id ${id}: hourly times are not consecutive hours`);
  }
  return hours;
}

function readSunTimes(result: Record<string, unknown>, id: number): ProviderSunTimes[] {
  const columns = readColumns(result, 'daily', DAILY_VARIABLES, id);
  return columns.time.map((day, i) => ({ day, sunrise: columns.values.sunrise[i]!, sunset: columns.values.sunset[i]! }));
}

/** A block's `time` column and one column per variable, all of one length, with their units checked. */
function readColumns<V extends HourlyVariable | DailyVariable>(
  result: Record<string, unknown>,
  block: 'hourly' | 'daily',
  variables: readonly V[],
  id: number,
): { time: number[]; values: Record<V, (number | null)[]> } {
  const data = result[block];
  const units = result[`${block}_units`];
  if (!isRecord(data) || !isRecord(units)) throw malformed(`location_id ${id} has no ${block} block or no ${block}_units`);
  for (const name of ['time', ...variables] as const) {
    if (units[name] !== EXPECTED_UNITS[name]) {
      throw malformed(`location_id ${id}: ${block} ${name} is in ${JSON.stringify(units[name])}, not ${EXPECTED_UNITS[name]}`);
    }
  }
  const time = data.time;
  if (!Array.isArray(time) || !time.every((t) => Number.isInteger(t)))
    throw malformed(`location_id ${id}: ${block} times are not unix seconds`);
  const values = {} as Record<V, (number | null)[]>;
  for (const variable of variables) {
    const column = data[variable];
    if (!Array.isArray(column) || column.length !== time.length) {
      throw malformed(`location_id ${id}: ${block} ${variable} does not have one value per time`);
    }
    if (!column.every((value) => value === null || (typeof value === 'number' && Number.isFinite(value)))) {
      throw malformed(`location_id ${id}: ${block} ${variable} holds a value that is neither a number nor null`);
    }
    values[variable] = column as (number | null)[];
  }
  return { time: time as number[], values };
}

function reasonOf(record: Record<string, unknown>): string {
  return typeof record.reason === 'string' ? record.reason.slice(0, 300) : 'no reason given';
}

function malformed(why: string): OpenMeteoError {
  return new OpenMeteoError('malformed', 200, `Open-Meteo's answer cannot be used: ${why}`);
}

/** The end of a body, for a message: where a streamed answer says what went wrong. */
function tail(body: string): string {
  return JSON.stringify(body.slice(-200));
}
