import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eq } from 'drizzle-orm';
import { forecastHours } from '../../db/schema.js';
import { fromGlobalId } from '../../src/ids.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { TEST_NOW } from '../support/template.js';

let server: TestServer;
beforeAll(async () => (server = await startTestServer()));
afterAll(() => server.stop());

async function placeId(search: string, countryCode: string): Promise<string> {
  const res = await server.gql('query ($s: String, $c: String) { locations(search: $s, countryCode: $c, first: 1) { nodes { id } } }', {
    s: search,
    c: countryCode,
  });
  return res.body.data.locations.nodes[0].id;
}

async function forecast(id: string, selection: string) {
  const res = await server.gql(`query ($id: ID!) { location(id: $id) { ${selection} } }`, { id });
  expect(res.body.errors).toBeUndefined();
  return res.body.data.location;
}

const hourOffset = (time: string) => time.slice(19);

describe('current conditions and hourly forecasts', () => {
  it('gives the current hour in the place’s own time zone', async () => {
    const tokyo = await forecast(
      await placeId('tokyo', 'JP'),
      'timezone current { time temperature condition relativeHumidity windDirection }',
    );
    expect(tokyo.timezone).toBe('Asia/Tokyo');
    // TEST_NOW is 12:00 UTC, which is 21:00 in Tokyo.
    expect(tokyo.current.time).toBe('2026-03-28T21:00:00+09:00');
    expect(tokyo.current.relativeHumidity).toBeGreaterThanOrEqual(0);
    expect(tokyo.current.relativeHumidity).toBeLessThanOrEqual(100);
  });

  it('starts hourly at the current hour and steps one hour at a time', async () => {
    const { hourly } = await forecast(await placeId('london', 'GB'), 'hourly(hours: 48) { time }');
    expect(hourly).toHaveLength(48);
    expect(hourly[0].time).toBe('2026-03-28T12:00:00+00:00');
    const instants = hourly.map((h: { time: string }) => Date.parse(h.time));
    for (let i = 1; i < instants.length; i++) expect(instants[i] - instants[i - 1]).toBe(3_600_000);
  });

  it('starts hourly at the hour containing `from`', async () => {
    const { hourly } = await forecast(await placeId('berlin', 'DE'), 'hourly(hours: 2, from: "2026-03-30T08:30:00+02:00") { time }');
    expect(hourly.map((h: { time: string }) => h.time)).toEqual(['2026-03-30T08:00:00+02:00', '2026-03-30T09:00:00+02:00']);
  });

  it('switches Berlin’s offset at the spring DST change', async () => {
    const { hourly } = await forecast(await placeId('berlin', 'DE'), 'hourly(hours: 3, from: "2026-03-29T00:00:00Z") { time }');
    expect(hourly.map((h: { time: string }) => h.time)).toEqual([
      '2026-03-29T01:00:00+01:00',
      '2026-03-29T03:00:00+02:00',
      '2026-03-29T04:00:00+02:00',
    ]);
  });

  it('refuses hours and from outside the forecast horizon', async () => {
    const id = await placeId('berlin', 'DE');
    for (const args of ['hours: 0', 'hours: 241', 'from: "2026-04-20T00:00:00Z"', 'from: "2026-03-20T00:00:00Z"']) {
      const res = await server.gql(`query ($id: ID!) { location(id: $id) { hourly(${args}) { time } } }`, { id });
      expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  it('refuses a from without an offset', async () => {
    const id = await placeId('berlin', 'DE');
    const res = await server.gql('query ($id: ID!, $from: DateTime) { location(id: $id) { hourly(from: $from) { time } } }', {
      id,
      from: '2026-03-29T01:00:00',
    });
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('reaches the 10-day horizon', async () => {
    const { hourly, daily } = await forecast(await placeId('berlin', 'DE'), 'hourly(hours: 240) { time } daily(days: 10) { date }');
    expect(hourly).toHaveLength(240);
    expect(daily).toHaveLength(10);
  });
});

describe('units', () => {
  it('converts every unit field and defaults to metric', async () => {
    const id = await placeId('chicago', 'US');
    const selection = `
      current {
        c: temperature f: temperature(unit: FAHRENHEIT) ac: apparentTemperature af: apparentTemperature(unit: FAHRENHEIT)
        kmh: windSpeed ms: windSpeed(unit: MS) mph: windSpeed(unit: MPH) kn: windSpeed(unit: KNOTS)
        mm: precipitation inch: precipitation(unit: INCH)
      }
      daily(days: 3) { min: temperatureMin max: temperatureMax maxF: temperatureMax(unit: FAHRENHEIT) sum: precipitationSum sumIn: precipitationSum(unit: INCH) }`;
    const { current, daily } = await forecast(id, selection);
    const close = (actual: number, expected: number, within: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(within);
    close(current.f, (current.c * 9) / 5 + 32, 0.1);
    close(current.af, (current.ac * 9) / 5 + 32, 0.1);
    close(current.ms, current.kmh / 3.6, 0.06);
    close(current.mph, current.kmh / 1.609344, 0.06);
    close(current.kn, current.kmh / 1.852, 0.06);
    close(current.inch, current.mm / 25.4, 0.005);
    for (const day of daily) {
      expect(day.min).toBeLessThanOrEqual(day.max);
      close(day.maxF, (day.max * 9) / 5 + 32, 0.1);
      close(day.sumIn, day.sum / 25.4, 0.005);
    }
  });
});

describe('daily forecasts', () => {
  async function localDays(id: string, days: number) {
    return (
      await forecast(id, `timezone daily(days: ${days}) { date temperatureMin temperatureMax precipitationSum condition sunrise sunset }`)
    ).daily;
  }

  it('starts today, local time, and gives consecutive days', async () => {
    // At 12:00 UTC on the 28th it is already the 29th in Auckland (UTC+13).
    const auckland = await localDays(await placeId('auckland', 'NZ'), 3);
    expect(auckland.map((d: { date: string }) => d.date)).toEqual(['2026-03-29', '2026-03-30', '2026-03-31']);
  });

  async function checkDay(id: string, date: string, firstHour: string, expectedHours: number) {
    const { hourly, daily } = await forecast(
      id,
      `hourly(hours: ${expectedHours}, from: "${firstHour}") { time temperature precipitation } daily(days: 10) { date temperatureMin temperatureMax precipitationSum sunrise sunset }`,
    );
    const day = daily.find((d: { date: string }) => d.date === date);
    // Every hour of the local day is one of the `expectedHours` hours, and the next hour is not.
    expect(hourly.every((h: { time: string }) => h.time.startsWith(date))).toBe(true);
    expect(hourly).toHaveLength(expectedHours);
    const temperatures = hourly.map((h: { temperature: number }) => h.temperature);
    expect(day.temperatureMin).toBe(Math.min(...temperatures));
    expect(day.temperatureMax).toBe(Math.max(...temperatures));
    const sum = hourly.reduce((total: number, h: { precipitation: number }) => total + h.precipitation, 0);
    expect(day.precipitationSum).toBeCloseTo(sum, 1);
    expect(day.sunrise.startsWith(date)).toBe(true);
    expect(Date.parse(day.sunrise)).toBeLessThan(Date.parse(day.sunset));
    return { hourly, day };
  }

  it('aggregates Berlin’s 23-hour spring-forward day over its local hours', async () => {
    const { hourly, day } = await checkDay(await placeId('berlin', 'DE'), '2026-03-29', '2026-03-29T00:00:00+01:00', 23);
    expect(hourly.map((h: { time: string }) => hourOffset(h.time))).toContain('+02:00');
    expect(hourOffset(day.sunrise)).toBe('+02:00');
  });

  it('aggregates Sydney’s 25-hour autumn day over its local hours', async () => {
    const { hourly } = await checkDay(await placeId('sydney', 'AU'), '2026-04-05', '2026-04-05T00:00:00+11:00', 25);
    expect(hourly.filter((h: { time: string }) => h.time.slice(11, 13) === '02')).toHaveLength(2);
  });

  it('gives Tromsø, north of the Arctic Circle, a sunrise and sunset in March', async () => {
    // Polar night and midnight sun (null) are covered by the unit tests of sun.ts.
    const days = await localDays(await placeId('tromso', 'NO'), 2);
    expect(days[0].sunrise).toMatch(/^2026-03-28T0\d:\d\d:\d\d\+01:00$/);
    expect(days[0].sunset).toMatch(/^2026-03-28T1\d:\d\d:\d\d\+01:00$/);
  });
});

describe('read-through filling', () => {
  it('fills a place with no forecast when it is first asked for, then serves it from the database', async () => {
    // A small place far down the population order: the template seeds only the largest ones.
    const res = await server.gql('{ locations(countryCode: "IS", first: 1, after: null, search: "v") { nodes { id name population } } }');
    const { id } = res.body.data.locations.nodes[0];
    const key = fromGlobalId(id)!.key;
    const stored = () => server.database.db.select().from(forecastHours).where(eq(forecastHours.locationId, key)).all().length;
    expect(stored()).toBe(0);

    const calls = server.providerCalls.calls;
    const first = await forecast(id, 'current { temperature } forecastSource { provider model issuedAt }');
    expect(server.providerCalls.calls).toBe(calls + 1);
    expect(first.forecastSource).toEqual({
      provider: 'skygraph-offline',
      model: 'skygraph-climatology-1',
      issuedAt: '2026-03-28T12:00:00+00:00',
    });
    expect(stored()).toBeGreaterThanOrEqual(24 * 11);

    const second = await forecast(id, 'current { temperature }');
    expect(server.providerCalls.calls).toBe(calls + 1);
    expect(second.current.temperature).toBe(first.current.temperature);
  });

  it('fills every unfilled place of a page with one provider call', async () => {
    const before = { ...server.providerCalls };
    const res = await server.gql(
      '{ locations(countryCode: "MT", first: 30) { nodes { current { temperature } daily(days: 2) { temperatureMax } } } }',
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.locations.nodes).toHaveLength(30);
    expect(server.providerCalls.calls).toBe(before.calls + 1);
    expect(server.providerCalls.places - before.places).toBe(30);
  });

  it('refills a run once it is older than the maximum age', async () => {
    const id = await placeId('paris', 'FR');
    const calls = server.providerCalls.calls;
    server.clock.advance(7 * 3_600_000);
    try {
      const later = await forecast(id, 'current { time } forecastSource { issuedAt }');
      expect(server.providerCalls.calls).toBe(calls + 1);
      expect(later.forecastSource.issuedAt).toBe('2026-03-28T20:00:00+01:00');
      expect(later.current.time).toBe('2026-03-28T20:00:00+01:00');
    } finally {
      server.clock.set(TEST_NOW);
    }
  });
});

describe('batching', () => {
  const wide = (first: number, filter = '') => `{
    locations(${filter}first: ${first}) { nodes { current { temperature } hourly(hours: 24) { temperature } daily(days: 7) { temperatureMax } } }
  }`;

  async function statementsFor(query: string): Promise<number> {
    server.statements.reset();
    const res = await server.gql(query);
    expect(res.body.errors).toBeUndefined();
    return server.statements.count;
  }

  it('runs as many SQL statements for 50 places as for 5', async () => {
    const five = await statementsFor(wide(5));
    const fifty = await statementsFor(wide(50));
    expect(fifty).toBe(five);
    expect(fifty).toBeLessThanOrEqual(3);
  });

  it('runs as many SQL statements filling 40 places as filling 4', async () => {
    // Both pages are unfilled: the template seeds no forecast in Slovenia's small places.
    const four = await statementsFor(wide(4, 'countryCode: "SI", search: "b", '));
    const forty = await statementsFor(wide(40, 'countryCode: "SI", search: "s", '));
    expect(forty).toBe(four);
  });
});
