/**
 * The offline weather model: a deterministic, climatology-shaped generator of hourly weather.
 * It needs no network and no state. Every value for hour H at a place is a pure function of
 * (place, H), so any window of hours agrees with any other window on the hours they share.
 */

export interface ModelPlace {
  id: number;
  latitude: number;
  longitude: number;
  elevationM: number | null;
}

export interface ForecastHour {
  /** Unix seconds, start of the UTC hour. */
  time: number;
  /** °C, 1 decimal. */
  temperature: number;
  /** °C, 1 decimal. */
  apparentTemperature: number;
  /** Integer 0..100. */
  relativeHumidity: number;
  /** mm in the hour, 1 decimal, >= 0. */
  precipitation: number;
  /** Integer 0..100. */
  precipitationProbability: number;
  /** km/h, 1 decimal, >= 0. */
  windSpeed: number;
  /** Integer 0..359, the direction the wind comes from. */
  windDirection: number;
  /** WMO code, consistent with the other values. */
  weatherCode: number;
}

export const MODEL_NAME = 'skygraph-climatology-1';

const HOUR = 3600;
const DAY = 86_400;
const YEAR_DAYS = 365.2422;
const DEG = Math.PI / 180;
const LAPSE_RATE_PER_M = 6.5 / 1000;
const MAX_DECLINATION = 23.44 * DEG;

/*
 * Noise: value noise, i.e. a hashed random value at evenly spaced knots, smoothstep-interpolated
 * between them. The knots sit at fixed multiples of the period since the epoch, never relative to
 * the window, which is what keeps an hour's value independent of where a request's window starts.
 * Two octaves per quantity: weather systems (knots every 2 days) and showers/gusts (every 6 hours).
 */
const SLOW_PERIOD = 2 * DAY;
const FAST_PERIOD = 6 * HOUR;

// Independent noise streams, one per quantity and octave.
const Channel = {
  TemperatureSlow: 1,
  TemperatureFast: 2,
  CloudSlow: 3,
  CloudFast: 4,
  Showers: 5,
  WindSlow: 6,
  WindFast: 7,
  DirectionSlow: 8,
  DirectionFast: 9,
  Humidity: 10,
  Event: 11,
} as const;
type Channel = (typeof Channel)[keyof typeof Channel];

/** lowbias32 (Chris Wellons): a fast integer finaliser with good avalanche. */
function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x;
}

/** A uniform value in [-1, 1) fixed by (seed, channel, knot). */
function hashUnit(seed: number, channel: Channel, knot: number): number {
  const h = mix32(mix32(seed ^ Math.imul(channel, 0x27d4eb2d)) ^ knot);
  return (h >>> 0) / 2_147_483_648 - 1;
}

function valueNoise(seed: number, channel: Channel, time: number, period: number): number {
  const knot = Math.floor(time / period);
  const u = (time - knot * period) / period;
  const a = hashUnit(seed, channel, knot);
  const b = hashUnit(seed, channel, knot + 1);
  return a + (b - a) * u * u * (3 - 2 * u);
}

function clamp(value: number, low: number, high: number): number {
  return value < low ? low : value > high ? high : value;
}

/** 1 decimal; `+ 0` turns -0 into 0 so a rounded -0.04 °C prints as 0. */
function round1(value: number): number {
  return Math.round(value * 10) / 10 + 0;
}

/**
 * Position in the daily temperature cycle, -1 at sunrise (the coldest hour) to +1 at the
 * afternoon peak, rising along a half cosine and falling along a longer one through the night.
 */
function diurnalPhase(solarHour: number, sunrise: number, peak: number): number {
  if (solarHour >= sunrise && solarHour <= peak) return -Math.cos((Math.PI * (solarHour - sunrise)) / (peak - sunrise));
  const sincePeak = (solarHour < sunrise ? solarHour + 24 : solarHour) - peak;
  return Math.cos((Math.PI * sincePeak) / (sunrise + 24 - peak));
}

/** Environment Canada wind chill, valid at or below 10 °C with wind above 4.8 km/h. */
function windChill(celsius: number, kmh: number): number {
  const v = kmh ** 0.16;
  return 13.12 + 0.6215 * celsius - 11.37 * v + 0.3965 * celsius * v;
}

/** NWS heat index (Rothfusz regression, in °F), valid above about 27 °C. */
function heatIndex(celsius: number, humidity: number): number {
  const t = celsius * 1.8 + 32;
  const r = humidity;
  const f =
    -42.379 +
    2.04901523 * t +
    10.14333127 * r -
    0.22475541 * t * r -
    0.00683783 * t * t -
    0.05481717 * r * r +
    0.00122874 * t * t * r +
    0.00085282 * t * r * r -
    0.00000199 * t * t * r * r;
  return (f - 32) / 1.8;
}

function apparentTemperature(celsius: number, humidity: number, kmh: number): number {
  if (celsius <= 10 && kmh > 4.8) return windChill(celsius, kmh);
  if (celsius > 27) return heatIndex(celsius, humidity);
  return celsius;
}

/** WMO code for the hour; precipitation classes appear exactly when `precipitation` > 0. */
function weatherCodeOf(
  temperature: number,
  precipitation: number,
  cloud: number,
  humidity: number,
  windSpeed: number,
  solarHour: number,
  event: number,
): number {
  if (precipitation > 0) {
    if (temperature <= 0.5) return precipitation < 0.5 ? 71 : precipitation < 2 ? 73 : 75;
    // Thunder needs warm, unstable air and heavy rain, and even then only some of the time.
    if (temperature >= 20 && precipitation >= 1 && event > 0.3) return 95;
    if (precipitation < 0.3) return precipitation < 0.2 ? 51 : 53;
    return precipitation < 2.5 ? 61 : precipitation < 7.6 ? 63 : 65;
  }
  // Radiation fog: saturated, calm air in the hours around dawn.
  if (humidity >= 97 && windSpeed < 8 && solarHour >= 2 && solarHour < 10 && event > 0) {
    return temperature < 0 ? 48 : 45;
  }
  return cloud < 0.15 ? 0 : cloud < 0.3 ? 1 : cloud < 0.55 ? 2 : 3;
}

/** `count` consecutive hours starting at `fromUnix` (a whole UTC hour) for one place. */
export function modelHours(place: ModelPlace, fromUnix: number, count: number): ForecastHour[] {
  if (!Number.isInteger(fromUnix) || fromUnix % HOUR !== 0) {
    throw new RangeError(`fromUnix must be the start of a UTC hour, got ${fromUnix}`);
  }
  if (!Number.isInteger(count) || count < 0) {
    throw new RangeError(`count must be a non-negative integer, got ${count}`);
  }

  // Ids past 2^32 fold their high bits in rather than being truncated onto a smaller id.
  const seed = (place.id | 0) ^ Math.floor(place.id / 4_294_967_296);
  const lat = place.latitude * DEG;
  const sinLat = Math.sin(lat);
  const cosLat = Math.cos(lat);
  const tanLat = Math.tan(clamp(lat, -89.9 * DEG, 89.9 * DEG));
  const tropical = cosLat * cosLat;
  const solarOffsetHours = place.longitude / 15;

  // Annual mean falls from about 27 °C at the equator to 10 °C at 52° and -17 °C at the poles.
  const meanTemperature = -17 + 44 * cosLat - LAPSE_RATE_PER_M * (place.elevationM ?? 0);
  // Signed seasonal half-amplitude: near zero in the tropics, about 9 °C at Berlin, and negative
  // south of the equator, where January is summer.
  const seasonalAmplitude = 14 * sinLat * Math.abs(sinLat);
  const diurnalAmplitude = 4;
  // Passing weather systems swing mid-latitude temperatures far more than tropical ones.
  const synopticAmplitude = 1.5 + 4 * sinLat * sinLat;
  // Storm tracks make the mid-latitudes windiest; trade winds are steadier and lighter.
  const windiness = 0.75 + 0.5 * Math.abs(Math.sin(2 * lat)) + 0.2 * sinLat * sinLat;
  const absLatitude = Math.abs(place.latitude);
  const north = place.latitude >= 0;
  // Prevailing direction the wind comes from: trades below 30°, westerlies to 60°, polar easterlies.
  const prevailing = absLatitude < 30 ? (north ? 60 : 120) : absLatitude < 60 ? (north ? 250 : 290) : 90;
  const rainRate = 10 * (0.6 + 0.8 * tropical);

  const hours: ForecastHour[] = new Array<ForecastHour>(count);
  for (let i = 0; i < count; i++) {
    const time = fromUnix + i * HOUR;
    const days = time / DAY;

    // The coldest day is about 20 January (day 0 of the epoch is 1 January).
    const season = -Math.cos((2 * Math.PI * (days - 20)) / YEAR_DAYS);
    const declination = MAX_DECLINATION * Math.sin((2 * Math.PI * (days - 80)) / YEAR_DAYS);
    const cosHalfDay = clamp(-tanLat * Math.tan(declination), -1, 1);
    const halfDayHours = (Math.acos(cosHalfDay) * 12) / Math.PI;
    // Polar day and night have no sunrise; keep the cycle's shape sane with a bounded one.
    const sunrise = clamp(12 - halfDayHours, 3.5, 8.5);
    const noonSunHeight = Math.max(0.15, Math.cos(lat - declination));
    const solarHour = (((time / HOUR + solarOffsetHours) % 24) + 24) % 24;
    const diurnal = diurnalPhase(solarHour, sunrise, 14.5);

    const cloud = clamp(
      0.42 +
        0.5 * valueNoise(seed, Channel.CloudSlow, time, SLOW_PERIOD) +
        0.25 * valueNoise(seed, Channel.CloudFast, time, FAST_PERIOD) +
        // Tropical afternoons build convective cloud.
        0.15 * tropical * Math.max(0, diurnal),
      0,
      1,
    );
    const wetness = cloud + 0.15 * valueNoise(seed, Channel.Showers, time, FAST_PERIOD);
    const rawPrecipitation = wetness > 0.82 ? (wetness - 0.82) * rainRate : 0;
    const precipitation = round1(rawPrecipitation);
    const precipitationProbability = Math.round(100 / (1 + Math.exp(-(wetness - 0.8) * 15)));

    // Clouds damp the daily swing; a low winter sun makes it smaller too.
    const swing = diurnalAmplitude * (1 - 0.55 * cloud) * noonSunHeight;
    const temperature = round1(
      meanTemperature +
        seasonalAmplitude * season +
        swing * diurnal +
        synopticAmplitude * valueNoise(seed, Channel.TemperatureSlow, time, SLOW_PERIOD) +
        1.2 * valueNoise(seed, Channel.TemperatureFast, time, FAST_PERIOD) -
        Math.min(rawPrecipitation, 2),
    );

    let humidity = 58 + 28 * cloud - 14 * diurnal + 10 * tropical + 8 * valueNoise(seed, Channel.Humidity, time, FAST_PERIOD);
    if (precipitation > 0) humidity = Math.max(humidity, 88 + 2 * precipitation);
    const relativeHumidity = Math.round(clamp(humidity, 8, 100));

    const gustiness = clamp(
      0.45 +
        0.35 * valueNoise(seed, Channel.WindSlow, time, SLOW_PERIOD) +
        0.2 * valueNoise(seed, Channel.WindFast, time, FAST_PERIOD),
      0,
      1,
    );
    // Afternoon mixing brings faster air down to the surface.
    const windSpeed = round1(windiness * (1.5 + 30 * gustiness * gustiness) + 2.5 * Math.max(0, diurnal) + precipitation);
    const direction =
      prevailing +
      110 * valueNoise(seed, Channel.DirectionSlow, time, SLOW_PERIOD) +
      35 * valueNoise(seed, Channel.DirectionFast, time, FAST_PERIOD);
    const windDirection = ((Math.round(direction) % 360) + 360) % 360;

    const event = hashUnit(seed, Channel.Event, time / HOUR);

    hours[i] = {
      time,
      temperature,
      apparentTemperature: round1(apparentTemperature(temperature, relativeHumidity, windSpeed)),
      relativeHumidity,
      precipitation,
      precipitationProbability,
      windSpeed,
      windDirection,
      weatherCode: weatherCodeOf(temperature, precipitation, cloud, relativeHumidity, windSpeed, solarHour, event),
    };
  }
  return hours;
}
