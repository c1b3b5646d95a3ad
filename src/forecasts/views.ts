/**
 * What the forecast types of the schema resolve from (codegen mappers): stored metric values
 * plus the place's time zone, which every time and date field is shown in.
 */
import type { ForecastRunRow } from '../../db/schema.js';
import type { DailySummary } from './daily.js';
import type { ForecastHour } from './model.js';

export interface HourlyView {
  hour: ForecastHour;
  timezone: string;
}

export interface DailyView {
  day: DailySummary;
  timezone: string;
}

export interface SourceView {
  run: ForecastRunRow;
  timezone: string;
}
