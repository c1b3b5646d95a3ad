import { describe, expect, it } from '@jest/globals';
import { conditionOf } from '../../src/forecasts/conditions.js';
import { MODEL_NAME, modelHours } from '../../src/forecasts/model.js';
import type { ForecastHour, ModelPlace } from '../../src/forecasts/model.js';

const HOUR = 3600;
const YEAR_START = Date.UTC(2026, 0, 1) / 1000;
const HOURS_IN_YEAR = 365 * 24;

const berlin: ModelPlace = { id: 2950159, latitude: 52.52, longitude: 13.41, elevationM: 34 };
const sydney: ModelPlace = { id: 2147714, latitude: -33.87, longitude: 151.21, elevationM: 10 };
const quito: ModelPlace = { id: 3652462, latitude: -0.23, longitude: -78.52, elevationM: null };
const singapore: ModelPlace = { id: 1880252, latitude: 1.29, longitude: 103.85, elevationM: 15 };
const oslo: ModelPlace = { id: 3143244, latitude: 59.91, longitude: 10.75, elevationM: 23 };
const tromso: ModelPlace = { id: 3133880, latitude: 69.65, longitude: 18.96, elevationM: 10 };

const year = (place: ModelPlace): ForecastHour[] => modelHours(place, YEAR_START, HOURS_IN_YEAR);
const mean = (values: readonly number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;
const utcMonth = (hour: ForecastHour): number => new Date(hour.time * 1000).getUTCMonth();
const isOneDecimal = (value: number): boolean => Math.round(value * 10) / 10 === value;
const knownCode = (code: number): boolean => {
  try {
    conditionOf(code);
    return true;
  } catch {
    return false;
  }
};

describe('modelHours', () => {
  it('names itself', () => {
    expect(MODEL_NAME).toBe('skygraph-climatology-1');
  });

  it('returns `count` consecutive whole hours from the start', () => {
    const hours = modelHours(berlin, YEAR_START, 5);
    expect(hours.map((hour) => hour.time)).toEqual([0, 1, 2, 3, 4].map((i) => YEAR_START + i * HOUR));
    expect(modelHours(berlin, YEAR_START, 0)).toEqual([]);
  });

  it('gives the same hour the same values whichever window it is generated in', () => {
    const early = modelHours(berlin, YEAR_START, 72);
    const late = modelHours(berlin, YEAR_START + 29 * HOUR, 10);
    expect(late).toEqual(early.slice(29, 39));
    expect(modelHours(berlin, YEAR_START, 72)).toEqual(early);
  });

  it('gives distant places unrelated weather, whatever their ids', () => {
    // About 1,000 km east of Berlin at the same latitude and elevation.
    const east: ModelPlace = { ...berlin, longitude: berlin.longitude + 15 };
    const a = modelHours(berlin, YEAR_START, 720);
    const b = modelHours(east, YEAR_START, 720);
    const gaps = a.map((hour, i) => Math.abs(hour.temperature - b[i]!.temperature));
    expect(Math.max(...gaps)).toBeGreaterThan(4);
    // The weather follows the position; the id no longer seeds it.
    expect(modelHours({ ...berlin, id: berlin.id + 1 }, YEAR_START, 48)).toEqual(a.slice(0, 48));
  });

  it('gives places about 10 km apart nearly the same weather', () => {
    const centre: ModelPlace = { id: 2950159, latitude: 52.52, longitude: 13.405, elevationM: 34 };
    const kopenick: ModelPlace = { id: 2885657, latitude: 52.4429, longitude: 13.5757, elevationM: 34 };
    const month = (place: ModelPlace) => modelHours(place, YEAR_START, 31 * 24);
    const a = month(centre);
    const b = month(kopenick);
    const apart = a.filter((hour, i) => Math.abs(hour.temperature - b[i]!.temperature) >= 1.5);
    expect(apart).toEqual([]);
    const agreeing = a.filter((hour, i) => conditionOf(hour.weatherCode) === conditionOf(b[i]!.weatherCode));
    expect(agreeing.length / a.length).toBeGreaterThan(0.8);
  });

  it('is continuous across the antimeridian and at the poles', () => {
    const gap = (p: ModelPlace, q: ModelPlace) => {
      const a = modelHours(p, YEAR_START, 31 * 24);
      const b = modelHours(q, YEAR_START, 31 * 24);
      return {
        temperature: Math.max(...a.map((hour, i) => Math.abs(hour.temperature - b[i]!.temperature))),
        wind: Math.max(...a.map((hour, i) => Math.abs(hour.windSpeed - b[i]!.windSpeed))),
        precipitation: Math.max(...a.map((hour, i) => Math.abs(hour.precipitation - b[i]!.precipitation))),
        conditions: a.filter((hour, i) => conditionOf(hour.weatherCode) !== conditionOf(b[i]!.weatherCode)).length,
      };
    };
    const west: ModelPlace = { id: 1, latitude: -17.5, longitude: 179.99, elevationM: 0 };
    const east: ModelPlace = { id: 2, latitude: -17.5, longitude: -179.99, elevationM: 0 };
    const across = gap(west, east);
    expect(across.temperature).toBeLessThanOrEqual(0.2);
    expect(across.wind).toBeLessThanOrEqual(0.3);
    expect(across.precipitation).toBeLessThanOrEqual(0.2);
    expect(across.conditions).toBeLessThanOrEqual(3);
    // Two points 2 km apart on opposite sides of the north pole share its weather, though not
    // its solar time, so only the noise-driven fields are compared.
    const pole = gap({ id: 3, latitude: 89.99, longitude: 0, elevationM: 0 }, { id: 4, latitude: 89.99, longitude: 180, elevationM: 0 });
    expect(pole.precipitation).toBeLessThanOrEqual(0.2);
    expect(pole.conditions).toBeLessThanOrEqual(5);
  });

  it('rejects a start that is not a whole UTC hour, and a bad count', () => {
    expect(() => modelHours(berlin, YEAR_START + 60, 1)).toThrow('fromUnix must be the start of a UTC hour');
    expect(() => modelHours(berlin, YEAR_START, -1)).toThrow('count must be a non-negative integer, got -1');
  });

  it.each([berlin, sydney, quito, singapore, oslo, tromso, { id: 9, latitude: 89.9, longitude: 0, elevationM: 2800 }])(
    'keeps every field in range and format over a year at latitude $latitude',
    (place) => {
      const inRange = (value: number, low: number, high: number) => value >= low && value <= high;
      // Collected rather than asserted one by one: a year is 8,760 hours and jest's expect is slow.
      const broken = year(place).filter(
        (hour) =>
          !inRange(hour.temperature, -60, 50) ||
          !isOneDecimal(hour.temperature) ||
          !isOneDecimal(hour.apparentTemperature) ||
          !inRange(hour.apparentTemperature - hour.temperature, -25, 25) ||
          !Number.isInteger(hour.relativeHumidity) ||
          !inRange(hour.relativeHumidity, 0, 100) ||
          !inRange(hour.precipitation, 0, 50) ||
          !isOneDecimal(hour.precipitation) ||
          !Number.isInteger(hour.precipitationProbability) ||
          !inRange(hour.precipitationProbability, 0, 100) ||
          !inRange(hour.windSpeed, 0, 150) ||
          !isOneDecimal(hour.windSpeed) ||
          !Number.isInteger(hour.windDirection) ||
          !inRange(hour.windDirection, 0, 359) ||
          !knownCode(hour.weatherCode),
      );
      expect(broken).toEqual([]);
    },
  );

  it('makes July warmer than January in Berlin and the reverse in Sydney', () => {
    const monthMean = (hours: ForecastHour[], month: number) =>
      mean(hours.filter((hour) => utcMonth(hour) === month).map((hour) => hour.temperature));
    const berlinYear = year(berlin);
    const sydneyYear = year(sydney);
    expect(monthMean(berlinYear, 6) - monthMean(berlinYear, 0)).toBeGreaterThan(10);
    expect(monthMean(sydneyYear, 0) - monthMean(sydneyYear, 6)).toBeGreaterThan(4);
  });

  it('makes mid-afternoon warmer than pre-dawn on average, by solar time', () => {
    const solarHour = (hour: ForecastHour, place: ModelPlace) => (((hour.time / HOUR + place.longitude / 15) % 24) + 24) % 24;
    for (const place of [berlin, sydney, singapore]) {
      const hours = year(place);
      const at = (from: number, to: number) =>
        mean(hours.filter((hour) => solarHour(hour, place) >= from && solarHour(hour, place) < to).map((h) => h.temperature));
      expect(at(14, 16) - at(4, 6)).toBeGreaterThan(3);
    }
  });

  it('makes the equator warmer than Oslo over a year, with a plausible mean at each', () => {
    const equator = mean(year(singapore).map((hour) => hour.temperature));
    const osloMean = mean(year(oslo).map((hour) => hour.temperature));
    expect(equator).toBeGreaterThan(osloMean + 15);
    expect(equator).toBeGreaterThan(22);
    expect(equator).toBeLessThan(31);
    expect(osloMean).toBeGreaterThan(0);
    expect(osloMean).toBeLessThan(10);
  });

  it('cools by the 6.5 °C/km lapse rate with elevation, hour by hour', () => {
    const low = modelHours({ ...berlin, elevationM: 0 }, YEAR_START, 500);
    const high = modelHours({ ...berlin, elevationM: 2000 }, YEAR_START, 500);
    low.forEach((hour, i) => {
      expect(hour.temperature - high[i]!.temperature).toBeCloseTo(13, 0);
    });
  });

  it('treats an unknown elevation as sea level', () => {
    expect(modelHours({ ...berlin, elevationM: null }, YEAR_START, 48)).toEqual(modelHours({ ...berlin, elevationM: 0 }, YEAR_START, 48));
  });

  it('changes smoothly from hour to hour', () => {
    const hours = year(berlin);
    const jumps = hours.slice(1).filter((hour, i) => Math.abs(hour.temperature - hours[i]!.temperature) >= 4);
    expect(jumps).toEqual([]);
  });

  it.each([berlin, sydney, singapore, oslo, tromso])(
    'reports precipitation codes exactly when it precipitates, snow only when cold, thunder only when warm (latitude $latitude)',
    (place) => {
      const inconsistent = year(place).filter((hour) => {
        const condition = conditionOf(hour.weatherCode);
        const wet = condition === 'DRIZZLE' || condition === 'RAIN' || condition === 'SNOW' || condition === 'THUNDERSTORM';
        return (
          wet !== hour.precipitation > 0 ||
          (condition === 'SNOW' && hour.temperature > 0.5) ||
          ((condition === 'RAIN' || condition === 'DRIZZLE') && hour.temperature <= 0.5) ||
          (condition === 'THUNDERSTORM' && hour.temperature < 20) ||
          (wet && hour.precipitationProbability < 50)
        );
      });
      expect(inconsistent).toEqual([]);
    },
  );

  it('produces varied weather: rain and dry spells in Berlin, snow in Tromsø, rare thunder and fog', () => {
    const count = (hours: ForecastHour[], condition: string) => hours.filter((hour) => conditionOf(hour.weatherCode) === condition).length;
    const berlinYear = year(berlin);
    const wetShare = berlinYear.filter((hour) => hour.precipitation > 0).length / berlinYear.length;
    expect(wetShare).toBeGreaterThan(0.03);
    expect(wetShare).toBeLessThan(0.25);
    expect(count(berlinYear, 'CLEAR')).toBeGreaterThan(500);
    expect(count(berlinYear, 'CLOUDY')).toBeGreaterThan(500);
    expect(count(year(tromso), 'SNOW')).toBeGreaterThan(100);
    const singaporeYear = year(singapore);
    expect(count(singaporeYear, 'SNOW')).toBe(0);
    expect(count(singaporeYear, 'THUNDERSTORM')).toBeGreaterThan(0);
    expect(count(singaporeYear, 'THUNDERSTORM')).toBeLessThan(0.05 * HOURS_IN_YEAR);
    expect(count(berlinYear, 'FOG')).toBeLessThan(0.02 * HOURS_IN_YEAR);
  });

  it('applies wind chill in cold wind and heat index in humid heat', () => {
    const hours = [...year(tromso), ...year(singapore)];
    const chilled = hours.filter((hour) => hour.temperature <= 10 && hour.windSpeed > 4.8);
    const muggy = hours.filter((hour) => hour.temperature > 27 && hour.relativeHumidity >= 60);
    const mild = hours.filter((hour) => hour.temperature > 10 && hour.temperature <= 27);
    expect(chilled.length).toBeGreaterThan(1000);
    expect(muggy.length).toBeGreaterThan(100);
    expect(chilled.filter((hour) => hour.apparentTemperature > hour.temperature)).toEqual([]);
    expect(muggy.filter((hour) => hour.apparentTemperature <= hour.temperature)).toEqual([]);
    expect(mild.filter((hour) => hour.apparentTemperature !== hour.temperature)).toEqual([]);
  });
});
