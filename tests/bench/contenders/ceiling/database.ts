/**
 * The ceiling's database: the bench file opened with the pragmas of db/open.ts, and every
 * statement the ceiling runs, prepared once at start. No migrations: the bench database is
 * already at the current schema, and a missing file is an error rather than an empty database.
 */
import Database from 'better-sqlite3';
import type { AccountRow, FavoriteRow, forecastDays, ForecastHourRow, LocationRow } from '../../../../db/schema.js';

type Nullable<T> = { [K in keyof T]: T[K] | null };
type HourColumns = Omit<ForecastHourRow, 'locationId'>;
type ForecastDayRow = typeof forecastDays.$inferSelect;

/**
 * A place's hours or days as SQLite's JSON text: an array with one array of the statement's
 * columns per row, in time order. SQLite writes every REAL with as many digits as it takes to
 * read back the same double, so JSON.parse gives the stored values exactly; one string per
 * place costs far less than a JS row object per hour.
 */
export type JsonRows = string;

/** Q1's place joined to its current hour (all null when no fresh run covers it). */
export type PlaceWithHourRow = Pick<LocationRow, 'name' | 'countryCode' | 'timezone'> & Nullable<HourColumns>;
/** Q2: a place of the page with its hours [time, temperature, precipitationProbability, windSpeed, weatherCode]. */
export type PlaceWithHoursRow = Pick<LocationRow, 'id' | 'name' | 'countryCode' | 'timezone'> & { hours: JsonRows };
/** Q4: a candidate of a `near` search, from the covering index only (a raw row). */
export type Candidate = [id: LocationRow['id'], latitude: LocationRow['latitude'], longitude: LocationRow['longitude']];
/** Q4: a place of the page with the current hour's columns (null when no fresh run covers it). */
export type PlaceWithCurrentRow = Pick<LocationRow, 'id' | 'name' | 'timezone'> &
  Nullable<Pick<HourColumns, 'time' | 'temperature' | 'weatherCode'>>;
/** The viewer behind a token hash. */
export type SessionRow = Pick<AccountRow, 'temperatureUnit' | 'windSpeedUnit' | 'precipitationUnit'> & {
  accountId: number;
  expiresAt: number;
};
/**
 * Q3: one row per saved place of the viewer, in order (one row of nulls when there are none),
 * with the account, the place's current hour and its stored days as JSON
 * [date, temperatureMin, temperatureMax, precipitationSum, weatherCode, sunrise, sunset].
 */
export type ViewerFavoriteRow = Pick<AccountRow, 'email' | 'temperatureUnit' | 'windSpeedUnit' | 'precipitationUnit'> & {
  expiresAt: number;
} & Nullable<
    Pick<FavoriteRow, 'label' | 'position'> & { favoriteId: number } & Pick<LocationRow, 'timezone' | 'name'> & {
        locationId: number;
      } & Pick<HourColumns, 'time' | 'temperature' | 'weatherCode'>
  > & { days: JsonRows };
/** A stored day as Q3's JSON gives it. */
export type DayTuple = [
  date: ForecastDayRow['date'],
  temperatureMin: ForecastDayRow['temperatureMin'],
  temperatureMax: ForecastDayRow['temperatureMax'],
  precipitationSum: ForecastDayRow['precipitationSum'],
  weatherCode: ForecastDayRow['weatherCode'],
  sunrise: ForecastDayRow['sunrise'],
  sunset: ForecastDayRow['sunset'],
];

/** Opens the bench database at `path` with Skygraph's pragmas; `onStatement` sees every statement run. */
export function openBenchDatabase(path: string, onStatement?: (sql: string) => void): Database.Database {
  const sqlite = new Database(path, {
    fileMustExist: true,
    ...(onStatement ? { verbose: (sql: unknown) => onStatement(String(sql)) } : {}),
  });
  // The same as db/open.ts, for the same reasons: WAL for concurrent readers, NORMAL because a
  // WAL commit already survives a crash of this process, a busy wait rather than SQLITE_BUSY.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  return sqlite;
}

/**
 * The hours [from, to) of place `placeId` in a fresh run, as JsonRows of `columns`. SQLite
 * keeps a FROM-subquery's ORDER BY when the outer query aggregates with anything but count,
 * min or max, so json_group_array sees the hours in time order; the primary key already gives
 * that order, so nothing is sorted. Its parameters, in text order: `freshSince`, `from`, `to`
 * (better-sqlite3 binds `?` by position, and `?NNN` only by name).
 */
const hoursJson = (columns: string[], placeId: string, from: string, to: string, freshSince: string) =>
  `(SELECT json_group_array(json_array(${columns.join(', ')})) FROM (
     SELECT ${columns.map((c) => `h.${c}`).join(', ')} FROM forecast_runs r JOIN forecast_hours h ON h.location_id = r.location_id
     WHERE r.location_id = ${placeId} AND r.fetched_at >= ${freshSince} AND h.time >= ${from} AND h.time < ${to}
     ORDER BY h.time))`;

export type Statements = ReturnType<typeof prepareStatements>;

/** Q2's parameters: the folded term and the bound below which its prefix ends, the page size, and the hours. */
export interface SearchParams {
  key: string;
  below: string;
  limit: number;
  freshSince: number;
  from: number;
  to: number;
}

/** Every statement of the ceiling. Lists are bound as one JSON array and read with json_each. */
export function prepareStatements(sqlite: Database.Database) {
  return {
    /** Q1: a place and its current hour of a fresh run, in one row. [freshSince, hour, id] */
    placeWithHour: sqlite.prepare<[number, number, number], PlaceWithHourRow>(
      `SELECT l.name, l.country_code AS countryCode, l.timezone, h.time, h.temperature, h.apparent_temperature AS apparentTemperature,
         h.relative_humidity AS relativeHumidity, h.precipitation, h.precipitation_probability AS precipitationProbability,
         h.wind_speed AS windSpeed, h.wind_direction AS windDirection, h.weather_code AS weatherCode
       FROM locations l
       LEFT JOIN forecast_runs r ON r.location_id = l.id AND r.fetched_at >= ?
       LEFT JOIN forecast_hours h ON h.location_id = r.location_id AND h.time = ?
       WHERE l.id = ?`,
    ),

    /**
     * Q2: a page of a name search, each place with its hours [from, to): the page as Skygraph's
     * name-search.ts chooses it (exact matches of a name first, then rank; the plan for a dense
     * prefix walks places by rank, a sparse one groups its range of names), written out by hand.
     */
    searchPageWithHours: sqlite.prepare<[SearchParams], PlaceWithHoursRow>(
      `WITH dense(yes) AS (SELECT count(*) >= 2000 FROM (SELECT 1 FROM location_names WHERE key >= $key AND key < $below LIMIT 2000)),
       page AS (
         SELECT * FROM (
           SELECT s.id, iif(s.m < 2000, ${2 ** 40}, 0) + l.search_rank AS v FROM (
             SELECT location_id AS id, min(iif(key = $key, 0, 2000) + iif(kind = 'name', 0, 1000) + length(key)) AS m FROM location_names
             WHERE key >= $key AND key < iif((SELECT yes FROM dense), $key, $below) AND (kind != 'code' OR key = $key) GROUP BY +location_id) s
           JOIN locations l ON l.id = s.id ORDER BY v DESC, s.id DESC LIMIT $limit)
         UNION ALL
         SELECT * FROM (
           SELECT l.id, ${2 ** 40} + l.search_rank AS v FROM location_names e JOIN locations l ON l.id = e.location_id
           WHERE e.key = iif((SELECT yes FROM dense), $key, '') ORDER BY v DESC, l.id DESC LIMIT $limit)
         UNION ALL
         SELECT * FROM (
           SELECT l.id, l.search_rank AS v FROM locations l
           WHERE l.search_rank < iif((SELECT yes FROM dense), ${2 ** 52}, -1)
             AND EXISTS (SELECT 1 FROM location_names n WHERE n.location_id = l.id AND n.key >= $key AND n.key < $below AND (n.kind != 'code' OR n.key = $key))
             AND NOT EXISTS (SELECT 1 FROM location_names x WHERE x.location_id = l.id AND x.key = $key)
           ORDER BY l.search_rank DESC, l.id DESC LIMIT $limit)
         ORDER BY v DESC, id DESC LIMIT $limit)
       SELECT l.id, l.name, l.country_code AS countryCode, l.timezone,
         ${hoursJson(['time', 'temperature', 'precipitation_probability', 'wind_speed', 'weather_code'], 'l.id', '$from', '$to', '$freshSince')} AS hours
       FROM page p JOIN locations l ON l.id = p.id ORDER BY p.v DESC, p.id DESC`,
    ),

    /**
     * Q4: the places inside a bounding box, from the covering (latitude, longitude) index, as
     * arrays: hundreds of rows, and an array per row costs a third less than an object.
     */
    candidatesInBox: sqlite
      .prepare<[number, number], Candidate>('SELECT id, latitude, longitude FROM locations WHERE latitude BETWEEN ? AND ?')
      .raw(true),
    candidatesInBoxOneRange: sqlite
      .prepare<[number, number, number, number], Candidate>(
        'SELECT id, latitude, longitude FROM locations WHERE latitude BETWEEN ? AND ? AND longitude BETWEEN ? AND ?',
      )
      .raw(true),
    candidatesInBoxTwoRanges: sqlite
      .prepare<[number, number, number, number, number, number], Candidate>(
        `SELECT id, latitude, longitude FROM locations
         WHERE latitude BETWEEN ? AND ? AND (longitude BETWEEN ? AND ? OR longitude BETWEEN ? AND ?)`,
      )
      .raw(true),
    /** Q4: the page's places, in the order given, with their current hour. [ids JSON, freshSince, hour] */
    placesWithCurrent: sqlite.prepare<[string, number, number], PlaceWithCurrentRow>(
      `SELECT l.id, l.name, l.timezone, h.time, h.temperature, h.weather_code AS weatherCode
       FROM json_each(?) j
       JOIN locations l ON l.id = j.value
       LEFT JOIN forecast_runs r ON r.location_id = l.id AND r.fetched_at >= ?
       LEFT JOIN forecast_hours h ON h.location_id = r.location_id AND h.time = ?
       ORDER BY j.key`,
    ),

    /** The account behind a token hash, for the units of its fields and to explain a refused write. */
    session: sqlite.prepare<[string], SessionRow>(
      `SELECT s.account_id AS accountId, s.expires_at AS expiresAt, a.temperature_unit AS temperatureUnit,
         a.wind_speed_unit AS windSpeedUnit, a.precipitation_unit AS precipitationUnit
       FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE s.token_hash = ?`,
    ),
    /**
     * Q3: the viewer, their saved places in order, each place's current hour and its stored days
     * in [from, to), all from the token hash in one read. The dates are a superset of every
     * place's week (see viewer.ts): which local day is today depends on the place's zone.
     * [from date, to date, freshSince, hour, tokenHash]
     */
    viewerFavorites: sqlite.prepare<[string, string, number, number, string], ViewerFavoriteRow>(
      `SELECT a.email, a.temperature_unit AS temperatureUnit, a.wind_speed_unit AS windSpeedUnit, a.precipitation_unit AS precipitationUnit,
         s.expires_at AS expiresAt, f.id AS favoriteId, f.label, f.position, l.id AS locationId, l.name, l.timezone,
         h.time, h.temperature, h.weather_code AS weatherCode,
         (SELECT json_group_array(json_array(date, temperature_min, temperature_max, precipitation_sum, weather_code, sunrise, sunset)) FROM (
            SELECT d.date, d.temperature_min, d.temperature_max, d.precipitation_sum, d.weather_code, d.sunrise, d.sunset
            FROM forecast_days d WHERE d.location_id = r.location_id AND d.date >= ? AND d.date < ? ORDER BY d.date)) AS days
       FROM sessions s JOIN accounts a ON a.id = s.account_id
       LEFT JOIN favorites f ON f.account_id = a.id
       LEFT JOIN locations l ON l.id = f.location_id
       LEFT JOIN forecast_runs r ON r.location_id = l.id AND r.fetched_at >= ?
       LEFT JOIN forecast_hours h ON h.location_id = r.location_id AND h.time = ?
       WHERE s.token_hash = ?
       ORDER BY f.position`,
    ),

    /** A place's name; also whether it exists. */
    placeName: sqlite.prepare<[number], Pick<LocationRow, 'name'>>('SELECT name FROM locations WHERE id = ?'),
    /** How many places an account has saved. */
    favoriteCount: sqlite.prepare<[number], { n: number }>('SELECT count(*) AS n FROM favorites WHERE account_id = ?'),
    /**
     * W1Add: appends a place for the token's account at position n, refusing an unknown place,
     * a full list and a duplicate by inserting nothing. [now, tokenHash, now, locationId, max]
     */
    appendFavorite: sqlite.prepare<
      [number, string, number, number, number],
      Pick<FavoriteRow, 'id' | 'position'> & Pick<LocationRow, 'name'>
    >(
      `INSERT INTO favorites (account_id, location_id, label, position, created_at)
       SELECT s.account_id, l.id, NULL, (SELECT count(*) FROM favorites WHERE account_id = s.account_id), ?
       FROM sessions s, locations l
       WHERE s.token_hash = ? AND s.expires_at > ? AND l.id = ?
         AND (SELECT count(*) FROM favorites WHERE account_id = s.account_id) < ?
       ON CONFLICT (account_id, location_id) DO NOTHING
       RETURNING id, position, (SELECT name FROM locations WHERE id = location_id) AS name`,
    ),
    /** W1Move: the token's account, the favorite's position (null if not theirs) and the count. [favoriteId, tokenHash, now] */
    favoriteToMove: sqlite.prepare<[number, string, number], { accountId: number; position: number | null; n: number }>(
      `SELECT s.account_id AS accountId, f.position, (SELECT count(*) FROM favorites WHERE account_id = s.account_id) AS n
       FROM sessions s LEFT JOIN favorites f ON f.id = ? AND f.account_id = s.account_id
       WHERE s.token_hash = ? AND s.expires_at > ?`,
    ),
    /**
     * Renumbering passes through negative positions (-1 - target) because SQLite checks the
     * unique (account, position) index row by row: shifting in place would collide midway.
     * Moving writes every row of the account (the untouched ones to their own position) so that
     * the flip back returns the whole new order. [id, to, lo, hi, delta, accountId]
     */
    moveToNegative: sqlite.prepare<[number, number, number, number, number, number]>(
      `UPDATE favorites SET position = -1 - CASE WHEN id = ? THEN ? WHEN position BETWEEN ? AND ? THEN position + ? ELSE position END
       WHERE account_id = ?`,
    ),
    flipBackReturning: sqlite.prepare<[number], Pick<FavoriteRow, 'id' | 'position'>>(
      'UPDATE favorites SET position = -1 - position WHERE account_id = ? AND position < 0 RETURNING id, position',
    ),
    /** W1Remove: deletes the favorite if the token's account owns it. [favoriteId, tokenHash, now] */
    deleteFavorite: sqlite.prepare<[number, string, number], { accountId: number; position: number }>(
      `DELETE FROM favorites
       WHERE id = ? AND account_id = (SELECT account_id FROM sessions WHERE token_hash = ? AND expires_at > ?)
       RETURNING account_id AS accountId, position`,
    ),
    /** Closing the gap: everything after `position` moves up one, through negatives as above. [accountId, position] */
    closeGapToNegative: sqlite.prepare<[number, number]>(
      'UPDATE favorites SET position = -1 - (position - 1) WHERE account_id = ? AND position > ?',
    ),
    flipBack: sqlite.prepare<[number]>('UPDATE favorites SET position = -1 - position WHERE account_id = ? AND position < 0'),
  };
}
