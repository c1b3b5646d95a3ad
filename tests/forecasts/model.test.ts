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

  it('gives different places different weather', () => {
    const twin: ModelPlace = { ...berlin, id: berlin.id + 1 };
    const a = modelHours(berlin, YEAR_START, 48).map((hour) => hour.temperature);
    const b = modelHours(twin, YEAR_START, 48).map((hour) => hour.temperature);
    expect(a).not.toEqual(b);
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
    const solarHour = (hour: ForecastHour, place: ModelPlace) =>
      (((hour.time / HOUR + place.longitude / 15) % 24) + 24) % 24;
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
    expect(modelHours({ ...berlin, elevationM: null }, YEAR_START, 48)).toEqual(
      modelHours({ ...berlin, elevationM: 0 }, YEAR_START, 48),
    );
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
    const count = (hours: ForecastHour[], condition: string) =>
      hours.filter((hour) => conditionOf(hour.weatherCode) === condition).length;
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
