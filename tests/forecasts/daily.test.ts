import { describe, expect, it } from '@jest/globals';
import { dailySummaries, dayWindow, wholeDays } from '../../src/forecasts/daily.js';
import { modelHours } from '../../src/forecasts/model.js';
import type { ForecastHour } from '../../src/forecasts/model.js';
import { sunTimes } from '../../src/forecasts/sun.js';
import { addDays, startOfLocalDay } from '../../src/time.js';

const HOUR = 3600;
const utc = (iso: string): number => Date.parse(iso) / 1000;

const equatorUtc = { latitude: 0, longitude: 0, timezone: 'UTC' };
const berlin = { latitude: 52.52, longitude: 13.41, timezone: 'Europe/Berlin' };
const sydney = { latitude: -33.87, longitude: 151.21, timezone: 'Australia/Sydney' };
const kolkata = { latitude: 22.57, longitude: 88.36, timezone: 'Asia/Kolkata' };
const tromso = { latitude: 69.65, longitude: 18.96, timezone: 'Europe/Oslo' };

function hour(time: number, temperature: number, precipitation = 0, weatherCode = 0): ForecastHour {
  return {
    time,
    temperature,
    apparentTemperature: temperature,
    relativeHumidity: 50,
    precipitation,
    precipitationProbability: 0,
    windSpeed: 0,
    windDirection: 0,
    weatherCode,
  };
}

/** Hours covering the window, each with its index as temperature, so min and max reveal the day's first and last hour. */
function indexedHours(from: number, to: number): ForecastHour[] {
  const hours: ForecastHour[] = [];
  for (let time = from, i = 0; time < to; time += HOUR, i++) hours.push(hour(time, i));
  return hours;
}

describe('dailySummaries', () => {
  it('takes min, max, precipitation sum and most significant code of each day', () => {
    const start = utc('2026-05-01T00:00Z');
    const temps = [12.5, 11, 9.8, 10.1, 14, 18.2, 21.7, 20, 16, 15, 13, 12, 11, 10, 10, 10, 11, 12, 13, 14, 15, 16, 17, 16];
    const day1 = temps.map((temperature, i) => {
      const wet = i >= 9 && i <= 11; // three hours of 0.1 mm drizzle
      return hour(start + i * HOUR, temperature, wet ? 0.1 : 0, wet ? 51 : i === 2 ? 45 : 3);
    });
    const day2 = temps.map((temperature, i) =>
      hour(
        start + (24 + i) * HOUR,
        Math.round((temperature - 20) * 10) / 10,
        i === 5 ? 2.4 : i === 6 ? 0.7 : 0,
        i === 5 ? 75 : i === 6 ? 71 : 2,
      ),
    );
    const summaries = dailySummaries([...day1, ...day2], equatorUtc, '2026-05-01', 2);
    expect(summaries.map(({ sunrise: _rise, sunset: _set, ...rest }) => rest)).toEqual([
      { date: '2026-05-01', temperatureMin: 9.8, temperatureMax: 21.7, precipitationSum: 0.3, weatherCode: 51 },
      { date: '2026-05-02', temperatureMin: -10.2, temperatureMax: 1.7, precipitationSum: 3.1, weatherCode: 75 },
    ]);
  });

  it('leaves out a day with a missing hour and keeps the complete ones', () => {
    const { from, to } = dayWindow('2026-05-01', 3, 'UTC');
    const hours = indexedHours(from, to).filter((h) => h.time !== utc('2026-05-02T13:00Z'));
    expect(dailySummaries(hours, equatorUtc, '2026-05-01', 3).map((day) => day.date)).toEqual(['2026-05-01', '2026-05-03']);
  });

  it('leaves out days beyond the rows given', () => {
    const { from } = dayWindow('2026-05-01', 1, 'UTC');
    const hours = indexedHours(from, from + 30 * HOUR);
    expect(dailySummaries(hours, equatorUtc, '2026-05-01', 2).map((day) => day.date)).toEqual(['2026-05-01']);
  });

  it.each([
    ['Berlin spring-forward', berlin, '2026-03-29', 23],
    ['Berlin fall-back', berlin, '2026-10-25', 25],
    ['Sydney DST end', sydney, '2026-04-05', 25],
    ['Sydney DST start', sydney, '2026-10-04', 23],
    ['an ordinary Berlin day', berlin, '2026-06-10', 24],
  ])('spans the right number of hours on %s', (_name, place, date, hourCount) => {
    const { from, to } = dayWindow(date, 1, place.timezone);
    expect((to - from) / HOUR).toBe(hourCount);
    // One day before and after, so the summary must pick its hours out of a longer series.
    const hours = indexedHours(from - 24 * HOUR, to + 24 * HOUR);
    const [summary] = dailySummaries(hours, place, date, 1);
    expect(summary).toMatchObject({ date, temperatureMin: 24, temperatureMax: 24 + hourCount - 1 });
  });

  it('gives a half-hour zone the 24 UTC hours starting within its local day', () => {
    const window = dayWindow('2026-01-01', 1, kolkata.timezone);
    expect(window).toEqual({ from: utc('2025-12-31T19:00Z'), to: utc('2026-01-01T19:00Z') });
    const hours = indexedHours(utc('2025-12-31T12:00Z'), utc('2026-01-02T00:00Z'));
    const [summary] = dailySummaries(hours, kolkata, '2026-01-01', 1);
    // Index 7 is 19:00Z, the first whole UTC hour after local midnight at 18:30Z.
    expect(summary).toMatchObject({ temperatureMin: 7, temperatureMax: 30 });
  });

  it('summarises model output over a week with a window from dayWindow', () => {
    const { from, to } = dayWindow('2026-03-26', 7, berlin.timezone);
    const hours = modelHours({ id: 1, latitude: berlin.latitude, longitude: berlin.longitude, elevationM: 34 }, from, (to - from) / HOUR);
    const summaries = dailySummaries(hours, berlin, '2026-03-26', 7);
    expect(summaries.map((day) => day.date)).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => addDays('2026-03-26', i)));
    for (const day of summaries) {
      expect(day.temperatureMin).toBeLessThanOrEqual(day.temperatureMax);
      expect(day.precipitationSum).toBeGreaterThanOrEqual(0);
      expect(day.sunrise).not.toBeNull();
      expect(day.sunset).not.toBeNull();
    }
  });

  it('puts sunrise before sunset inside the day in Berlin in June, at the published times', () => {
    const { from, to } = dayWindow('2026-06-21', 1, berlin.timezone);
    const [day] = dailySummaries(indexedHours(from, to), berlin, '2026-06-21', 1);
    // Published: 04:43 and 21:33 CEST.
    expect(Math.abs(day!.sunrise! - utc('2026-06-21T02:43Z'))).toBeLessThan(3 * 60);
    expect(Math.abs(day!.sunset! - utc('2026-06-21T19:33Z'))).toBeLessThan(3 * 60);
    expect(day!.sunrise!).toBeLessThan(day!.sunset!);
  });

  it('has no sunrise or sunset in Tromsø under the midnight sun or in the polar night', () => {
    for (const date of ['2026-06-21', '2026-12-21']) {
      const { from, to } = dayWindow(date, 1, tromso.timezone);
      const [day] = dailySummaries(indexedHours(from, to), tromso, date, 1);
      expect(day).toMatchObject({ date, sunrise: null, sunset: null });
    }
  });
});

describe('sunTimes', () => {
  it('finds Tromsø sunrise and sunset on an ordinary spring day', () => {
    const start = startOfLocalDay('2026-03-20', tromso.timezone);
    const end = startOfLocalDay('2026-03-21', tromso.timezone);
    const { sunrise, sunset } = sunTimes(tromso.latitude, tromso.longitude, start, end);
    expect(sunrise).not.toBeNull();
    expect(sunset).not.toBeNull();
    expect(sunset! - sunrise!).toBeGreaterThan(11 * HOUR);
    expect(sunset! - sunrise!).toBeLessThan(13 * HOUR);
  });

  it('reports only events inside the window', () => {
    const start = utc('2026-06-21T12:00Z');
    const { sunrise, sunset } = sunTimes(berlin.latitude, berlin.longitude, start, start + 6 * HOUR);
    expect(sunrise).toBeNull();
    expect(sunset).toBeNull();
  });
});

describe('wholeDays', () => {
  it('summarises exactly the local days a run covers whole', () => {
    // 48 hours from 10:00 UTC on 28 March: Berlin's 29 March (23 hours) is the only whole day.
    const berlin = { latitude: 52.52, longitude: 13.405, timezone: 'Europe/Berlin' };
    const from = Date.parse('2026-03-28T10:00:00Z') / 1000;
    const hours = Array.from({ length: 48 }, (_, i) => ({
      time: from + i * 3600,
      temperature: i,
      apparentTemperature: i,
      relativeHumidity: 50,
      precipitation: 0.1,
      precipitationProbability: 10,
      windSpeed: 5,
      windDirection: 180,
      weatherCode: 51,
    }));
    const days = wholeDays(hours, berlin);
    expect(days.map((d) => d.date)).toEqual(['2026-03-29']);
    // 29 March local runs from 23:00 UTC on the 28th (hour index 13) for 23 hours.
    expect(days[0]).toMatchObject({ temperatureMin: 13, temperatureMax: 35, precipitationSum: 2.3 });
  });
});

describe("a provider's sun times", () => {
  const berlin = { latitude: 52.52, longitude: 13.405, timezone: 'Europe/Berlin' };
  const day = (date: string) => Date.parse(`${date}T00:00:00Z`) / 1000;

  it('are used for the days they cover, computed for the rest, and null where the provider has none', () => {
    // Provider days: 2 and 3 June (UTC); no sunset on the 3rd, as in a polar summer.
    const sun = {
      from: day('2026-06-02'),
      to: day('2026-06-04'),
      sunrises: [day('2026-06-02') + 3 * 3600, day('2026-06-03') + 3 * 3600],
      sunsets: [day('2026-06-02') + 19 * 3600],
    };
    const from = Date.parse('2026-06-01T00:00:00+02:00') / 1000;
    const to = Date.parse('2026-06-04T00:00:00+02:00') / 1000;
    const summaries = wholeDays(indexedHours(from, to), berlin, sun);
    expect(summaries.map((d) => d.date)).toEqual(['2026-06-01', '2026-06-02', '2026-06-03']);
    // 1 June begins before the provider's first day (2 June 00:00 UTC is 02:00 local): computed.
    expect(summaries[0]!.sunrise).toBe(sunTimes(berlin.latitude, berlin.longitude, from, from + 86_400).sunrise);
    // 2 June local begins at 1 June 22:00 UTC, also outside: computed too.
    expect(summaries[1]!.sunrise).not.toBe(day('2026-06-02') + 3 * 3600);
    // 3 June local is [2 June 22:00, 3 June 22:00) UTC, inside the provider's span.
    expect(summaries[2]).toMatchObject({ sunrise: day('2026-06-03') + 3 * 3600, sunset: null });
  });
});
