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
 * Noise: value noise, i.e. a hashed random value at evenly spaced knots, smoothly interpolated
 * between them, in space as well as in time. The knots sit at fixed multiples of the period since
 * the epoch, never relative to the window, which is what keeps an hour's value independent of
 * where a request's window starts. Two octaves per quantity: weather systems (knots every 2 days)
 * and showers/gusts (every 6 hours).
 *
 * In space the knots form a lattice of rows at fixed steps of latitude: 3° (about 330 km) for
 * weather systems, 1.5° (about 170 km) for showers, gusts and the hourly events. Each row is cut
 * into a whole number of cells around the globe, as many as keep them about as wide as they are
 * tall, so a row wraps seamlessly across the antimeridian and each pole is a single knot. A value
 * is the smoothstep blend along the two rows around the place, then between them. The lattice
 * depends only on position, so places a few km apart get almost the same weather, while places
 * 1,000 km apart (three or more cells) draw on unrelated knots.
 */
const SLOW_PERIOD = 2 * DAY;
const FAST_PERIOD = 6 * HOUR;
/** Lattice steps, in degrees of latitude, for the slow and the fast octave. */
const SLOW_LATTICE_DEG = 3;
const FAST_LATTICE_DEG = 1.5;

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

/** A uniform value in [-1, 1) fixed by (spatial knot, channel, time knot). */
function hashUnit(seed: number, channel: Channel, knot: number): number {
  const h = mix32(mix32(seed ^ Math.imul(channel, 0x27d4eb2d)) ^ knot);
  return (h >>> 0) / 2_147_483_648 - 1;
}

function smoothstep(u: number): number {
  return u * u * (3 - 2 * u);
}

/**
 * The four lattice knots around a place and their blending weights, computed once per place.
 * The weights are scaled so their squares sum to 1: a blend of independent knots then keeps the
 * knots' variance, so a place in the middle of a cell has weather as changeable as one on a knot.
 */
class SpatialField {
  private readonly seeds = [0, 0, 0, 0];
  private readonly weights = [0, 0, 0, 0];

  constructor(
    latitude: number,
    longitude: number,
    private readonly step: number,
  ) {
    const y = (clamp(latitude, -90, 90) + 90) / step;
    const row = Math.min(Math.floor(y), Math.round(180 / step) - 1);
    const t = smoothstep(y - row);
    // 0 at the antimeridian, so the wrap of each row sits exactly there.
    const around = ((((longitude + 180) % 360) + 360) % 360) / 360;
    this.setRow(0, row, around, 1 - t);
    this.setRow(2, row + 1, around, t);
    const w = this.weights;
    const norm = Math.sqrt(w[0]! * w[0]! + w[1]! * w[1]! + w[2]! * w[2]! + w[3]! * w[3]!);
    for (let i = 0; i < 4; i++) w[i] = w[i]! / norm;
  }

  private setRow(slot: number, row: number, around: number, rowWeight: number): void {
    const rowLatitude = row * this.step - 90;
    // At least one cell: the poles' rows collapse to a single knot.
    const cells = Math.max(1, Math.round((360 / this.step) * Math.cos(rowLatitude * DEG)));
    const x = around * cells;
    const cell = Math.floor(x);
    const s = cells === 1 ? 0 : smoothstep(x - cell);
    // Row and cell index (< 1024) packed into a distinct integer; mix32 is a bijection.
    this.seeds[slot] = mix32(row * 1024 + (cell % cells) + 0x5bd1e995);
    this.seeds[slot + 1] = mix32(row * 1024 + ((cell + 1) % cells) + 0x5bd1e995);
    this.weights[slot] = rowWeight * (1 - s);
    this.weights[slot + 1] = rowWeight * s;
  }

  /** The blended value at one time knot, roughly in [-1, 1] (rarely up to ±2). */
  value(channel: Channel, knot: number): number {
    const s = this.seeds;
    const w = this.weights;
    return (
      w[0]! * hashUnit(s[0]!, channel, knot) +
      w[1]! * hashUnit(s[1]!, channel, knot) +
      w[2]! * hashUnit(s[2]!, channel, knot) +
      w[3]! * hashUnit(s[3]!, channel, knot)
    );
  }
}

/**
 * One channel of noise at one place, smoothstep-interpolated between time knots. It keeps the
 * spatially blended values at the two knots around the last hour asked for, so consecutive hours
 * blend the lattice only when they cross a knot. A knot's value never depends on which hour
 * computed it, so any window gets identical values.
 */
class NoiseStream {
  private knot = Number.NaN;
  private a = 0;
  private b = 0;

  constructor(
    private readonly field: SpatialField,
    private readonly channel: Channel,
    private readonly period: number,
  ) {}

  at(time: number): number {
    const knot = Math.floor(time / this.period);
    if (knot !== this.knot) {
      this.a = knot === this.knot + 1 ? this.b : this.field.value(this.channel, knot);
      this.b = this.field.value(this.channel, knot + 1);
      this.knot = knot;
    }
    const u = (time - knot * this.period) / this.period;
    return this.a + (this.b - this.a) * smoothstep(u);
  }
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

// Belts of prevailing wind (the direction it comes from) by latitude, south to north: polar
// easterlies, westerlies, south-east trades, north-east trades, westerlies, polar easterlies.
const WIND_BELT_EDGES = [-60, -30, 0, 30, 60];
const WIND_BELT_DIRECTIONS = [90, 290, 120, 60, 250, 90];
/** Half-width, in degrees of latitude, of the band in which one belt turns into the next. */
const WIND_BELT_BLEND = 3;

/** The prevailing wind direction, turning smoothly (along the shorter arc) between belts. */
function prevailingDirection(latitude: number): number {
  let belt = 0;
  while (belt < WIND_BELT_EDGES.length && latitude >= WIND_BELT_EDGES[belt]! + WIND_BELT_BLEND) belt++;
  const lower = WIND_BELT_DIRECTIONS[belt]!;
  const edge = WIND_BELT_EDGES[belt];
  if (edge === undefined || latitude <= edge - WIND_BELT_BLEND) return lower;
  const turn = ((WIND_BELT_DIRECTIONS[belt + 1]! - lower + 540) % 360) - 180;
  return lower + turn * smoothstep((latitude - edge + WIND_BELT_BLEND) / (2 * WIND_BELT_BLEND));
}

/** `count` consecutive hours starting at `fromUnix` (a whole UTC hour) for one place. */
export function modelHours(place: ModelPlace, fromUnix: number, count: number): ForecastHour[] {
  if (!Number.isInteger(fromUnix) || fromUnix % HOUR !== 0) {
    throw new RangeError(`fromUnix must be the start of a UTC hour, got ${fromUnix}`);
  }
  if (!Number.isInteger(count) || count < 0) {
    throw new RangeError(`count must be a non-negative integer, got ${count}`);
  }

  // The noise is seeded by position, not by id, so neighbouring places get similar weather.
  const slow = new SpatialField(place.latitude, place.longitude, SLOW_LATTICE_DEG);
  const fast = new SpatialField(place.latitude, place.longitude, FAST_LATTICE_DEG);
  const cloudSlow = new NoiseStream(slow, Channel.CloudSlow, SLOW_PERIOD);
  const cloudFast = new NoiseStream(fast, Channel.CloudFast, FAST_PERIOD);
  const showers = new NoiseStream(fast, Channel.Showers, FAST_PERIOD);
  const temperatureSlow = new NoiseStream(slow, Channel.TemperatureSlow, SLOW_PERIOD);
  const temperatureFast = new NoiseStream(fast, Channel.TemperatureFast, FAST_PERIOD);
  const humidityNoise = new NoiseStream(fast, Channel.Humidity, FAST_PERIOD);
  const windSlow = new NoiseStream(slow, Channel.WindSlow, SLOW_PERIOD);
  const windFast = new NoiseStream(fast, Channel.WindFast, FAST_PERIOD);
  const directionSlow = new NoiseStream(slow, Channel.DirectionSlow, SLOW_PERIOD);
  const directionFast = new NoiseStream(fast, Channel.DirectionFast, FAST_PERIOD);
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
  const prevailing = prevailingDirection(place.latitude);
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
        0.5 * cloudSlow.at(time) +
        0.25 * cloudFast.at(time) +
        // Tropical afternoons build convective cloud.
        0.15 * tropical * Math.max(0, diurnal),
      0,
      1,
    );
    const wetness = cloud + 0.15 * showers.at(time);
    const rawPrecipitation = wetness > 0.82 ? (wetness - 0.82) * rainRate : 0;
    const precipitation = round1(rawPrecipitation);
    const precipitationProbability = Math.round(100 / (1 + Math.exp(-(wetness - 0.8) * 15)));

    // Clouds damp the daily swing; a low winter sun makes it smaller too.
    const swing = diurnalAmplitude * (1 - 0.55 * cloud) * noonSunHeight;
    const temperature = round1(
      meanTemperature +
        seasonalAmplitude * season +
        swing * diurnal +
        synopticAmplitude * temperatureSlow.at(time) +
        1.2 * temperatureFast.at(time) -
        Math.min(rawPrecipitation, 2),
    );

    let humidity = 58 + 28 * cloud - 14 * diurnal + 10 * tropical + 8 * humidityNoise.at(time);
    if (precipitation > 0) humidity = Math.max(humidity, 88 + 2 * precipitation);
    const relativeHumidity = Math.round(clamp(humidity, 8, 100));

    const gustiness = clamp(0.45 + 0.35 * windSlow.at(time) + 0.2 * windFast.at(time), 0, 1);
    // Afternoon mixing brings faster air down to the surface.
    const windSpeed = round1(windiness * (1.5 + 30 * gustiness * gustiness) + 2.5 * Math.max(0, diurnal) + precipitation);
    const direction = prevailing + 110 * directionSlow.at(time) + 35 * directionFast.at(time);
    const windDirection = ((Math.round(direction) % 360) + 360) % 360;

    // A fresh draw every hour (its knots are the hours), still shared with neighbouring places.
    const event = fast.value(Channel.Event, time / HOUR);

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
