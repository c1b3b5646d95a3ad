/**
 * The public place queries: Q1 (one place by id), Q2 (a name search) and Q4 (places near a
 * point), with the same argument checks, filters and orderings as src/locations/search.ts.
 */
import { conditionOf } from '../../../../src/forecasts/conditions.js';
import { fromGlobalId, toGlobalId } from '../../../../src/ids.js';
import { boundingBox, greatCircleKm } from '../../../../src/locations/distance.js';
import { prefixUpperBound, searchKey } from '../../../../src/locations/names.js';
import { formatDateTime } from '../../../../src/time.js';
import { precipitationIn, temperatureIn, windSpeedIn } from '../../../../src/units.js';
import type { Ceiling } from './context.js';
import type { Candidate } from './database.js';
import { currentJson, hourlyJson, type SearchHour } from './forecast-json.js';
import { zoneFormatter } from './local-time.js';
import { fieldError, type Answer, type Operation, type Variables } from './operations.js';
import { unitsOf } from './viewer.js';

const HOUR = 3_600;
const MAX_SEARCH_LENGTH = 100;
/** The documents' fixed arguments: Q2's `first: 50` and `hourly(hours: 24)`, Q4's `radiusKm: 50, first: 20`. */
const SEARCH_PAGE = 50;
const HOURLY_HOURS = 24;
const NEAR_RADIUS_KM = 50;
const NEAR_PAGE = 20;

const ok = (body: string): Answer => ({ status: 200, body });

/** Q1: one statement, the place joined to its current hour. */
export function answerLocation(ceiling: Ceiling, op: Operation, values: Variables, authorization: string | undefined): Answer {
  const id = values.id as string;
  const parsed = fromGlobalId(id);
  if (!parsed || parsed.type !== 'Location') return fieldError(op, 'BAD_USER_INPUT', `id must be a Location ID, got "${id}"`, 'id');
  const units = unitsOf(ceiling, authorization);
  const row = ceiling.statements.placeWithHour.get(ceiling.freshSince, ceiling.currentHour, parsed.key);
  if (!row) return fieldError(op, 'NOT_FOUND', `No location has the ID "${id}"`);
  const current =
    row.time === null
      ? 'null'
      : `{"time":"${formatDateTime(row.time, row.timezone)}","temperature":${temperatureIn(row.temperature!, units.temperatureUnit)},` +
        `"apparentTemperature":${temperatureIn(row.apparentTemperature!, units.temperatureUnit)},"relativeHumidity":${row.relativeHumidity},` +
        `"precipitation":${precipitationIn(row.precipitation!, units.precipitationUnit)},"windSpeed":${windSpeedIn(row.windSpeed!, units.windSpeedUnit)},` +
        `"windDirection":${row.windDirection},"condition":"${conditionOf(row.weatherCode!)}"}`;
  return ok(
    `{"data":{"location":{"id":"${toGlobalId('Location', parsed.key)}","name":${JSON.stringify(row.name)},"countryCode":${JSON.stringify(row.countryCode)},` +
      `"timezone":${JSON.stringify(row.timezone)},"current":${current}}}}\n`,
  );
}

/** Q2: one statement, the page of the folded-name range (population desc, id desc) with each place's hours. */
export function answerSearch(ceiling: Ceiling, op: Operation, values: Variables, authorization: string | undefined): Answer {
  const search = values.search as string;
  if (search.length > MAX_SEARCH_LENGTH) {
    return fieldError(op, 'BAD_USER_INPUT', `search must be at most ${MAX_SEARCH_LENGTH} characters, got ${search.length}`, 'search');
  }
  const key = searchKey(search);
  if (key === '') return fieldError(op, 'BAD_USER_INPUT', 'search must contain at least one letter or digit, got a blank string', 'search');
  const units = unitsOf(ceiling, authorization);
  const { currentHour, freshSince } = ceiling;
  const page = ceiling.statements.searchPageWithHours.all({
    key,
    below: prefixUpperBound(key),
    limit: SEARCH_PAGE,
    freshSince,
    from: currentHour,
    to: currentHour + HOURLY_HOURS * HOUR,
  });
  let json = '';
  for (const place of page) {
    const hours = JSON.parse(place.hours) as SearchHour[];
    const format = zoneFormatter(place.timezone);
    // `hourly` starts at the current hour, so `current` is its first value when there is one.
    const first = hours[0];
    const current = first !== undefined && first[0] === currentHour ? currentJson(first[0], first[1], first[4], format, units) : 'null';
    json +=
      `${json === '' ? '' : ','}{"id":"${toGlobalId('Location', place.id)}","name":${JSON.stringify(place.name)},"countryCode":${JSON.stringify(place.countryCode)},` +
      `"current":${current},"hourly":${hourlyJson(hours, format, units)}}`;
  }
  return ok(`{"data":{"locations":{"nodes":[${json}]}}}\n`);
}

function candidatesNear(ceiling: Ceiling, latitude: number, longitude: number, radiusKm: number): Candidate[] {
  const { minLatitude, maxLatitude, longitudeRanges } = boundingBox(latitude, longitude, radiusKm);
  const { statements } = ceiling;
  if (longitudeRanges === null) return statements.candidatesInBox.all(minLatitude, maxLatitude);
  const [[west, east], second] = longitudeRanges as [[number, number], [number, number] | undefined];
  if (second === undefined) return statements.candidatesInBoxOneRange.all(minLatitude, maxLatitude, west, east);
  return statements.candidatesInBoxTwoRanges.all(minLatitude, maxLatitude, west, east, second[0], second[1]);
}

/**
 * Q4: two statements, the bounding box's candidates (refined to the great circle in JS, ordered
 * by distance then id, which also gives totalCount), then the page's places with their current hour.
 */
export function answerNear(ceiling: Ceiling, op: Operation, values: Variables, authorization: string | undefined): Answer {
  const latitude = values.latitude as number;
  const longitude = values.longitude as number;
  if (!(latitude >= -90 && latitude <= 90))
    return fieldError(op, 'BAD_USER_INPUT', `near.latitude must be between -90 and 90, got ${latitude}`, 'near');
  if (!(longitude >= -180 && longitude <= 180))
    return fieldError(op, 'BAD_USER_INPUT', `near.longitude must be between -180 and 180, got ${longitude}`, 'near');
  const units = unitsOf(ceiling, authorization);

  const inRadius: { id: number; distanceKm: number }[] = [];
  for (const [id, placeLatitude, placeLongitude] of candidatesNear(ceiling, latitude, longitude, NEAR_RADIUS_KM)) {
    const distanceKm = greatCircleKm(latitude, longitude, placeLatitude, placeLongitude);
    if (distanceKm <= NEAR_RADIUS_KM) inRadius.push({ id, distanceKm });
  }
  inRadius.sort((a, b) => a.distanceKm - b.distanceKm || a.id - b.id);
  const page = inRadius.slice(0, NEAR_PAGE);

  const { currentHour, freshSince } = ceiling;
  const places =
    page.length === 0 ? [] : ceiling.statements.placesWithCurrent.all(JSON.stringify(page.map((p) => p.id)), freshSince, currentHour);
  let json = '';
  places.forEach((place, i) => {
    const current =
      place.time === null ? 'null' : currentJson(place.time, place.temperature!, place.weatherCode!, zoneFormatter(place.timezone), units);
    // Rounded to 10 m, as Skygraph's resolver does.
    json +=
      `${i === 0 ? '' : ','}{"id":"${toGlobalId('Location', place.id)}","name":${JSON.stringify(place.name)},` +
      `"distanceKm":${Math.round(page[i]!.distanceKm * 100) / 100},"current":${current}}`;
  });
  return ok(`{"data":{"locations":{"totalCount":${inRadius.length},"nodes":[${json}]}}}\n`);
}
