/**
 * Unit conversion for values stored in metric (°C, km/h, mm), rounded for display. The unit
 * names match the GraphQL enums of the same names.
 */

export type TemperatureUnit = 'CELSIUS' | 'FAHRENHEIT';
export type WindSpeedUnit = 'KMH' | 'MS' | 'MPH' | 'KNOTS';
export type PrecipitationUnit = 'MM' | 'INCH';

const KM_PER_MILE = 1.609344;
const KM_PER_NAUTICAL_MILE = 1.852;
const MM_PER_INCH = 25.4;

/**
 * Rounds half away from zero to `decimals` places. The scaled value is nudged up by 1e-9
 * before rounding so binary noise cannot flip a half: -17.25 °C is exactly 0.95 °F, but the
 * conversion computes 0.9499999999999993. Stored values have at most one decimal, so no true
 * value lies within 1e-9 below a half. (Cutting to 12 significant digits with toPrecision did
 * the same job but was 4 % of a 50-place forecast request's CPU time.) The result is an
 * integer divided by a power of ten, which prints without artefacts like 71.60000000000001.
 */
function roundTo(value: number, decimals: number): number {
  const scale = decimals === 1 ? 10 : 10 ** decimals;
  const rounded = value < 0 ? -Math.round(-value * scale + 1e-9) / scale : Math.round(value * scale + 1e-9) / scale;
  // Normalise -0, which would otherwise print as "-0" in some clients.
  return rounded + 0;
}

/** The temperature in the unit, to 1 decimal. */
export function temperatureIn(celsius: number, unit: TemperatureUnit): number {
  switch (unit) {
    case 'CELSIUS':
      return roundTo(celsius, 1);
    case 'FAHRENHEIT':
      return roundTo((celsius * 9) / 5 + 32, 1);
  }
}

/** The wind speed in the unit, to 1 decimal. */
export function windSpeedIn(kmh: number, unit: WindSpeedUnit): number {
  switch (unit) {
    case 'KMH':
      return roundTo(kmh, 1);
    case 'MS':
      return roundTo(kmh / 3.6, 1);
    case 'MPH':
      return roundTo(kmh / KM_PER_MILE, 1);
    case 'KNOTS':
      return roundTo(kmh / KM_PER_NAUTICAL_MILE, 1);
  }
}

/** The precipitation amount in the unit: millimetres to 1 decimal, inches to 2. */
export function precipitationIn(mm: number, unit: PrecipitationUnit): number {
  switch (unit) {
    case 'MM':
      return roundTo(mm, 1);
    case 'INCH':
      // Clients show these numbers as they are. One decimal of an inch (2.54 mm) would show any
      // drizzle as 0.0; two decimals show everything from 0.13 mm up. Only the smallest stored
      // amount, 0.1 mm (0.004 in), still reads 0.00, as it would in any inch-based forecast.
      return roundTo(mm / MM_PER_INCH, 2);
  }
}
