/** Weather conditions: the WMO 4677 present-weather codes the model emits, grouped for clients. */

export type WeatherCondition = 'CLEAR' | 'PARTLY_CLOUDY' | 'CLOUDY' | 'FOG' | 'DRIZZLE' | 'RAIN' | 'SNOW' | 'THUNDERSTORM';

/** The condition a WMO weather code stands for; throws on a code outside the table. */
export function conditionOf(weatherCode: number): WeatherCondition {
  const code = weatherCode;
  if (code === 0 || code === 1) return 'CLEAR';
  if (code === 2) return 'PARTLY_CLOUDY';
  if (code === 3) return 'CLOUDY';
  if (code === 45 || code === 48) return 'FOG';
  if (code >= 51 && code <= 57) return 'DRIZZLE';
  if ((code >= 61 && code <= 67) || (code >= 80 && code <= 82)) return 'RAIN';
  if ((code >= 71 && code <= 77) || code === 85 || code === 86) return 'SNOW';
  if (code >= 95 && code <= 99) return 'THUNDERSTORM';
  throw new RangeError(`weather code must be a WMO code in 0-3, 45, 48, 51-57, 61-67, 71-77, 80-82, 85, 86 or 95-99, got ${weatherCode}`);
}

// Least to most significant: a day with one thunderstorm hour is a thunderstorm day.
const SEVERITY: readonly WeatherCondition[] = ['CLEAR', 'PARTLY_CLOUDY', 'CLOUDY', 'FOG', 'DRIZZLE', 'RAIN', 'SNOW', 'THUNDERSTORM'];

/** The code that best sums up a period: the most severe condition, and within it the highest code. */
export function mostSignificantCode(codes: readonly number[]): number {
  let best: number | undefined;
  let bestSeverity = -1;
  for (const code of codes) {
    const severity = SEVERITY.indexOf(conditionOf(code));
    if (severity > bestSeverity || (severity === bestSeverity && best !== undefined && code > best)) {
      best = code;
      bestSeverity = severity;
    }
  }
  if (best === undefined) throw new RangeError('mostSignificantCode needs at least one code, got none');
  return best;
}
