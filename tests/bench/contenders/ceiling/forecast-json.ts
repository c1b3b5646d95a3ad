/**
 * The JSON of forecast fields, written as text in the documents' selection order (the order
 * GraphQL gives response keys). Numbers go through the same conversions as Skygraph's
 * resolvers and print as JSON.stringify prints them; times as formatDateTime writes them.
 */
import { conditionOf } from '../../../../src/forecasts/conditions.js';
import {
  precipitationIn,
  temperatureIn,
  windSpeedIn,
  type PrecipitationUnit,
  type TemperatureUnit,
  type WindSpeedUnit,
} from '../../../../src/units.js';
import type { DayTuple } from './database.js';

/** The units of fields queried without `unit`: the viewer's, else metric. */
export interface Units {
  temperatureUnit: TemperatureUnit;
  windSpeedUnit: WindSpeedUnit;
  precipitationUnit: PrecipitationUnit;
}

export const metricUnits: Units = { temperatureUnit: 'CELSIUS', windSpeedUnit: 'KMH', precipitationUnit: 'MM' };

/** An hour of Q2's `hourly` and `current`, as the statement's JSON gives it. */
export type SearchHour = [time: number, temperature: number, precipitationProbability: number, windSpeed: number, weatherCode: number];

type Format = (unix: number) => string;

/** `current { time temperature condition }` (Q2, Q3, Q4) of the hour starting at `time`. */
export function currentJson(time: number, temperature: number, weatherCode: number, format: Format, units: Units): string {
  return `{"time":"${format(time)}","temperature":${temperatureIn(temperature, units.temperatureUnit)},"condition":"${conditionOf(weatherCode)}"}`;
}

/** Q2's `hourly(hours: 24) { time temperature precipitationProbability windSpeed condition }`. */
export function hourlyJson(hours: readonly SearchHour[], format: Format, units: Units): string {
  let json = '';
  for (const [time, temperature, precipitationProbability, windSpeed, weatherCode] of hours) {
    json +=
      `${json === '' ? '' : ','}{"time":"${format(time)}","temperature":${temperatureIn(temperature, units.temperatureUnit)},` +
      `"precipitationProbability":${precipitationProbability},"windSpeed":${windSpeedIn(windSpeed, units.windSpeedUnit)},` +
      `"condition":"${conditionOf(weatherCode)}"}`;
  }
  return `[${json}]`;
}

/** Q3's `daily(days) { date temperatureMin temperatureMax precipitationSum condition sunrise sunset }` from stored days. */
export function dailyJson(days: readonly DayTuple[], format: Format, units: Units): string {
  let json = '';
  for (const [date, temperatureMin, temperatureMax, precipitationSum, weatherCode, sunrise, sunset] of days) {
    json +=
      `${json === '' ? '' : ','}{"date":"${date}","temperatureMin":${temperatureIn(temperatureMin, units.temperatureUnit)},` +
      `"temperatureMax":${temperatureIn(temperatureMax, units.temperatureUnit)},"precipitationSum":${precipitationIn(precipitationSum, units.precipitationUnit)},` +
      `"condition":"${conditionOf(weatherCode)}","sunrise":${sunrise === null ? 'null' : `"${format(sunrise)}"`},` +
      `"sunset":${sunset === null ? 'null' : `"${format(sunset)}"`}}`;
  }
  return `[${json}]`;
}
