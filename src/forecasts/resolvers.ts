/**
 * Resolvers of forecasts. Values are stored metric; each unit field converts to the unit asked
 * for, else the viewer's preference (the context's `units`), else metric.
 */
import type { DailyForecastResolvers, ForecastSourceResolvers, HourlyForecastResolvers, LocationResolvers } from '../generated/graphql.js';
import { badUserInput } from '../errors.js';
import { formatDateTime, floorHour, localDate } from '../time.js';
import { precipitationIn, temperatureIn, windSpeedIn } from '../units.js';
import { conditionOf } from './conditions.js';
import { MAX_DAILY, MAX_HOURLY, runWindow } from './horizon.js';

const HOUR = 3_600;

export const LocationForecasts: Pick<LocationResolvers, 'current' | 'hourly' | 'daily' | 'forecastSource'> = {
  async current(place, _args, { loaders }) {
    const hour = await loaders.forecasts.current(place);
    return hour ? { hour, timezone: place.timezone } : null;
  },

  async hourly(place, args, { now, loaders }) {
    const hours = args.hours ?? 24;
    if (!Number.isInteger(hours) || hours < 1 || hours > MAX_HOURLY) {
      throw badUserInput(`hours must be between 1 and ${MAX_HOURLY}, got ${hours}`, 'hours');
    }
    const from = floorHour(args.from ?? now);
    // Any hour a run holds: from yesterday's (HISTORY_HOURS) to the horizon's last.
    const window = runWindow(now);
    const earliest = window.from;
    const latest = window.from + (window.hours - 1) * HOUR;
    if (from < earliest || from > latest) {
      throw badUserInput(
        `from must be between ${formatDateTime(earliest, place.timezone)} and ${formatDateTime(latest, place.timezone)}, got ${formatDateTime(from, place.timezone)}`,
        'from',
      );
    }
    const rows = await loaders.forecasts.hours.load({ place, from, to: from + hours * HOUR });
    return rows.map((hour) => ({ hour, timezone: place.timezone }));
  },

  async daily(place, args, { now, loaders }) {
    const days = args.days ?? 7;
    if (!Number.isInteger(days) || days < 1 || days > MAX_DAILY) {
      throw badUserInput(`days must be between 1 and ${MAX_DAILY}, got ${days}`, 'days');
    }
    const summaries = await loaders.forecasts.days.load({ place, firstDate: localDate(now, place.timezone), days });
    return summaries.map((day) => ({ day, timezone: place.timezone }));
  },

  async forecastSource(place, _args, { loaders }) {
    // The current hour first: it refills a missing or stale run, so the source read next is the fresh one.
    await loaders.forecasts.current(place);
    const run = await loaders.forecasts.source.load(place.id);
    return run ? { run, timezone: place.timezone } : null;
  },
};

export const HourlyForecast: HourlyForecastResolvers = {
  time: ({ hour, timezone }) => formatDateTime(hour.time, timezone),
  temperature: ({ hour }, { unit }, { units }) => temperatureIn(hour.temperature, unit ?? units.temperatureUnit),
  apparentTemperature: ({ hour }, { unit }, { units }) => temperatureIn(hour.apparentTemperature, unit ?? units.temperatureUnit),
  relativeHumidity: ({ hour }) => hour.relativeHumidity,
  precipitation: ({ hour }, { unit }, { units }) => precipitationIn(hour.precipitation, unit ?? units.precipitationUnit),
  precipitationProbability: ({ hour }) => hour.precipitationProbability,
  windSpeed: ({ hour }, { unit }, { units }) => windSpeedIn(hour.windSpeed, unit ?? units.windSpeedUnit),
  windDirection: ({ hour }) => hour.windDirection,
  weatherCode: ({ hour }) => hour.weatherCode,
  condition: ({ hour }) => conditionOf(hour.weatherCode),
};

export const DailyForecast: DailyForecastResolvers = {
  date: ({ day }) => day.date,
  temperatureMin: ({ day }, { unit }, { units }) => temperatureIn(day.temperatureMin, unit ?? units.temperatureUnit),
  temperatureMax: ({ day }, { unit }, { units }) => temperatureIn(day.temperatureMax, unit ?? units.temperatureUnit),
  precipitationSum: ({ day }, { unit }, { units }) => precipitationIn(day.precipitationSum, unit ?? units.precipitationUnit),
  condition: ({ day }) => conditionOf(day.weatherCode),
  sunrise: ({ day, timezone }) => (day.sunrise === null ? null : formatDateTime(day.sunrise, timezone)),
  sunset: ({ day, timezone }) => (day.sunset === null ? null : formatDateTime(day.sunset, timezone)),
};

export const ForecastSource: ForecastSourceResolvers = {
  provider: ({ run }) => run.provider,
  model: ({ run }) => run.model,
  issuedAt: ({ run, timezone }) => formatDateTime(run.issuedAt, timezone),
};
