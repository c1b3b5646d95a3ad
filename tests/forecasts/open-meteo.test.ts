import { describe, expect, it } from '@jest/globals';
import { forecastUrl, MAX_PLACES_PER_REQUEST, requestWeight, type RequestPlace } from '../../src/forecasts/open-meteo/request.js';
import { OpenMeteoError, readForecastResponse } from '../../src/forecasts/open-meteo/response.js';
import { retryAfterMs, retryDelay } from '../../src/forecasts/open-meteo/retry.js';
import { openMeteoResult } from '../support/open-meteo.js';

const berlin: RequestPlace = { id: 2950159, latitude: 52.52437, longitude: 13.41053 };
const sydney: RequestPlace = { id: 2147714, latitude: -33.86785, longitude: 151.20732 };
const FROM = Date.UTC(2026, 2, 28, 0) / 1000;
const request = { baseUrl: 'http://127.0.0.1:9/', apiKey: null, model: 'best_match', window: { from: FROM, hours: 48 } };

function failure(run: () => unknown): OpenMeteoError {
  try {
    run();
  } catch (error) {
    if (error instanceof OpenMeteoError) return error;
    throw error;
  }
  throw new Error('expected an OpenMeteoError');
}

describe('forecastUrl', () => {
  it('asks for every place in one call, with our ids, metric units and UTC unix times', () => {
    const url = forecastUrl({ ...request, places: [berlin, sydney] });
    const params = Object.fromEntries(url.searchParams);
    expect(url.origin + url.pathname).toBe('http://127.0.0.1:9/v1/forecast');
    expect(params).toMatchObject({
      latitude: '52.52437,-33.86785',
      longitude: '13.41053,151.20732',
      location_id: '2950159,2147714',
      models: 'best_match',
      temperature_unit: 'celsius',
      wind_speed_unit: 'kmh',
      precipitation_unit: 'mm',
      timeformat: 'unixtime',
      timezone: 'GMT',
      daily: 'sunrise,sunset',
      start_hour: '2026-03-28T00:00',
      end_hour: '2026-03-29T23:00',
    });
    expect(params.hourly!.split(',')).toHaveLength(8);
    expect(params.apikey).toBeUndefined();
  });

  it('sends the key for the paid host, and keeps a base URL with a path', () => {
    const url = forecastUrl({ ...request, baseUrl: 'https://customer-api.open-meteo.com/proxy', apiKey: 'k3y', places: [berlin] });
    expect(url.pathname).toBe('/proxy/v1/forecast');
    expect(url.searchParams.get('apikey')).toBe('k3y');
  });

  it('refuses what Open-Meteo would: no places, more than its cap, a window off the hour, a coordinate that is not a number', () => {
    expect(() => forecastUrl({ ...request, places: [] })).toThrow(RangeError);
    const many = Array.from({ length: MAX_PLACES_PER_REQUEST + 1 }, (_, id) => ({ ...berlin, id }));
    expect(() => forecastUrl({ ...request, places: many })).toThrow(/at most 1000/);
    expect(() => forecastUrl({ ...request, window: { from: FROM + 60, hours: 2 }, places: [berlin] })).toThrow(RangeError);
    expect(() => forecastUrl({ ...request, places: [{ ...berlin, latitude: Number.NaN }] })).toThrow(/finite/);
  });
});

describe('requestWeight', () => {
  it('counts one per place up to 14 days of our 10 variables, and more past that, as Open-Meteo does', () => {
    expect(requestWeight(1, { hours: 24 })).toBe(1);
    expect(requestWeight(300, { hours: 14 * 24 })).toBe(300);
    expect(requestWeight(2, { hours: 16 * 24 })).toBeCloseTo((2 * 16) / 14);
  });
});

describe('readForecastResponse', () => {
  const window = { from: FROM, hours: 48 };

  it('matches an array of results to places by location_id, not by position', () => {
    const body = JSON.stringify([openMeteoResult(sydney, window), openMeteoResult(berlin, window)]);
    const [first, second] = readForecastResponse(200, body, [berlin, sydney]);
    expect(first!.locationId).toBe(berlin.id);
    expect(second!.locationId).toBe(sydney.id);
    expect(first!.hours).toHaveLength(48);
    expect(first!.hours[0]).toMatchObject({ time: FROM, temperature_2m: 0, apparent_temperature: 10, weather_code: 3 });
    expect(first!.sunTimes[0]).toEqual({ day: FROM, sunrise: FROM + 7 * 3600, sunset: FROM + 16 * 3600 });
    expect(first!.elevation).toBe(38);
  });

  it('reads one place answered as an object, with or without location_id', () => {
    for (const withoutLocationId of [false, true]) {
      const body = JSON.stringify(openMeteoResult(berlin, { ...window, withoutLocationId }));
      expect(readForecastResponse(200, body, [berlin]).map((f) => f.locationId)).toEqual([berlin.id]);
    }
  });

  it('keeps missing values null', () => {
    const temperatures = Array.from({ length: 48 }, (_, i) => (i === 5 ? null : 4.5));
    const body = JSON.stringify(openMeteoResult(berlin, { ...window, values: { temperature_2m: temperatures } }));
    const [forecast] = readForecastResponse(200, body, [berlin]);
    expect(forecast!.hours[5]!.temperature_2m).toBeNull();
    expect(forecast!.hours[6]!.temperature_2m).toBe(4.5);
  });

  it('refuses a result for a place not asked for, twice the same place, one missing, or one far from its place', () => {
    const stranger = openMeteoResult({ ...berlin, id: 1 }, window);
    expect(
      failure(() => readForecastResponse(200, JSON.stringify([stranger, openMeteoResult(sydney, window)]), [berlin, sydney])).message,
    ).toMatch(/location_id 1, which was not asked for/);
    const twice = JSON.stringify([openMeteoResult(berlin, window), openMeteoResult(berlin, window)]);
    expect(failure(() => readForecastResponse(200, twice, [berlin, sydney])).message).toMatch(/two results/);
    expect(failure(() => readForecastResponse(200, JSON.stringify([openMeteoResult(berlin, window)]), [berlin, sydney])).message).toMatch(
      /1 results for 2 places/,
    );
    // Sydney's numbers labelled as Berlin's: the id alone would accept them.
    const swapped = { ...openMeteoResult(sydney, window), location_id: berlin.id };
    expect(failure(() => readForecastResponse(200, JSON.stringify(swapped), [berlin])).message).toMatch(/too far/);
  });

  it('refuses values in another unit than asked, rather than converting a guess', () => {
    const result = openMeteoResult(berlin, window);
    const body = JSON.stringify({ ...result, hourly_units: { ...result.hourly_units, temperature_2m: '°F' } });
    const error = failure(() => readForecastResponse(200, body, [berlin]));
    expect(error.failure).toBe('malformed');
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/temperature_2m is in "°F", not °C/);
  });

  it('refuses columns of the wrong length, times that skip an hour, and values that are not numbers', () => {
    const short = openMeteoResult(berlin, { ...window, values: { precipitation: [0.1] } });
    expect(failure(() => readForecastResponse(200, JSON.stringify(short), [berlin])).message).toMatch(/one value per time/);
    const gap = openMeteoResult(berlin, window);
    gap.hourly.time![3] = FROM + 10 * 3600;
    expect(failure(() => readForecastResponse(200, JSON.stringify(gap), [berlin])).message).toMatch(/not consecutive/);
    const text = openMeteoResult(berlin, window) as unknown as { hourly: Record<string, unknown[]> };
    text.hourly.wind_speed_10m![0] = '12';
    expect(failure(() => readForecastResponse(200, JSON.stringify(text), [berlin])).message).toMatch(/neither a number nor null/);
  });

  it('tells a streamed 200 cut off by an error (worth retrying) from a 400 (never retried)', () => {
    const whole = JSON.stringify([openMeteoResult(berlin, window), openMeteoResult(sydney, window)]);
    const cut = `${whole.slice(0, 900)}Error: Timeout while reading weather data`;
    const truncated = failure(() => readForecastResponse(200, cut, [berlin, sydney]));
    expect(truncated.failure).toBe('truncated');
    expect(truncated.retryable).toBe(true);
    expect(truncated.message).toContain('Timeout while reading weather data');

    const refused = failure(() =>
      readForecastResponse(400, '{"error":true,"reason":"Latitude must be in range of -90 to 90°."}', [berlin]),
    );
    expect(refused).toMatchObject({ failure: 'bad request', status: 400, retryable: false });
    expect(refused.message).toContain('Latitude must be in range');
  });

  it('says a 429 is the budget and a 503 an outage, both retryable, whatever their body', () => {
    const limited = failure(() =>
      readForecastResponse(429, '{"error":true,"reason":"Minutely API request limit exceeded. Please try again in one minute."}', [berlin]),
    );
    expect(limited).toMatchObject({ failure: 'rate limited', retryable: true });
    expect(limited.message).toContain('Minutely API request limit exceeded');
    const down = failure(() => readForecastResponse(503, '<html>Service Unavailable</html>', [berlin]));
    expect(down).toMatchObject({ failure: 'unavailable', status: 503, retryable: true });
  });
});

describe('retryDelay', () => {
  const policy = { retries: 3, baseDelayMs: 500, maxDelayMs: 4000, maxWaitMs: 30_000 };
  const now = Date.UTC(2026, 11, 2, 18, 0, 50);
  const outage = new OpenMeteoError('unavailable', 503, 'down');

  it('backs off exponentially with full jitter up to its cap, and stops after its retries', () => {
    const top = (retry: number) => retryDelay(policy, { error: outage, retry, retryAfter: null, now, random: () => 0.999999 });
    expect([0, 1, 2].map(top)).toEqual([499, 999, 1999]);
    expect(retryDelay({ ...policy, retries: 10 }, { error: outage, retry: 6, retryAfter: null, now, random: () => 0.999999 })).toBe(3999);
    expect(retryDelay(policy, { error: outage, retry: 0, retryAfter: null, now, random: () => 0 })).toBe(0);
    expect(top(3)).toBeNull();
  });

  it('retries network errors, but not a bad request or a malformed answer', () => {
    const network = new TypeError('fetch failed');
    expect(retryDelay(policy, { error: network, retry: 0, retryAfter: null, now, random: () => 0.5 })).toBe(250);
    for (const failure of ['bad request', 'malformed'] as const) {
      expect(
        retryDelay(policy, { error: new OpenMeteoError(failure, 400, 'no'), retry: 0, retryAfter: null, now, random: () => 0.5 }),
      ).toBeNull();
    }
  });

  it('reads Retry-After as seconds or as an HTTP date, and refuses a wait longer than it accepts', () => {
    expect(retryAfterMs('12', now)).toBe(12_000);
    expect(retryAfterMs(new Date(now + 5000).toUTCString(), now)).toBe(5000);
    expect(retryAfterMs('soon', now)).toBeNull();
    expect(retryDelay(policy, { error: outage, retry: 0, retryAfter: '3600', now, random: () => 0.5 })).toBeNull();
    // A minute's 429 ten seconds before the minute ends: wait those ten seconds.
    const minutely = new OpenMeteoError('rate limited', 429, 'Minutely API request limit exceeded');
    expect(retryDelay(policy, { error: minutely, retry: 0, retryAfter: null, now, random: () => 0.5 })).toBe(10_250);
  });
});
