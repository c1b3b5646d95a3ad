import { describe, expect, it } from '@jest/globals';
import { conditionOf, mostSignificantCode } from '../../src/forecasts/conditions.js';
import type { WeatherCondition } from '../../src/forecasts/conditions.js';

describe('conditionOf', () => {
  it.each<[number[], WeatherCondition]>([
    [[0, 1], 'CLEAR'],
    [[2], 'PARTLY_CLOUDY'],
    [[3], 'CLOUDY'],
    [[45, 48], 'FOG'],
    [[51, 53, 55, 56, 57], 'DRIZZLE'],
    [[61, 63, 65, 66, 67, 80, 81, 82], 'RAIN'],
    [[71, 73, 75, 77, 85, 86], 'SNOW'],
    [[95, 96, 99], 'THUNDERSTORM'],
  ])('maps WMO codes %j to %s', (codes, condition) => {
    for (const code of codes) expect(conditionOf(code)).toBe(condition);
  });

  it.each([4, 44, 50, 58, 60, 68, 70, 78, 83, 84, 87, 94, 100, -1])('rejects code %d, which is outside the table', (code) => {
    expect(() => conditionOf(code)).toThrow(`got ${code}`);
  });
});

describe('mostSignificantCode', () => {
  it('ranks thunderstorm over snow over rain over drizzle over fog over cloud', () => {
    expect(mostSignificantCode([0, 3, 61, 2])).toBe(61);
    expect(mostSignificantCode([75, 95, 65])).toBe(95);
    expect(mostSignificantCode([61, 71, 65])).toBe(71);
    expect(mostSignificantCode([65, 55])).toBe(65);
    expect(mostSignificantCode([3, 45, 53])).toBe(53);
    expect(mostSignificantCode([3, 45, 2])).toBe(45);
    expect(mostSignificantCode([1, 3, 2])).toBe(3);
  });

  it('picks the higher code within the same condition', () => {
    expect(mostSignificantCode([61, 65, 63])).toBe(65);
    expect(mostSignificantCode([0, 1, 0])).toBe(1);
    expect(mostSignificantCode([48, 45])).toBe(48);
  });

  it('refuses an empty list, which has no summary', () => {
    expect(() => mostSignificantCode([])).toThrow(RangeError);
  });
});
