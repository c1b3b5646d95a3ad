import { describe, expect, it } from '@jest/globals';
import { precipitationIn, temperatureIn, windSpeedIn } from '../src/units.js';

describe('temperatureIn', () => {
  it('maps the fixed points of the two scales exactly', () => {
    expect(temperatureIn(0, 'FAHRENHEIT')).toBe(32);
    expect(temperatureIn(100, 'FAHRENHEIT')).toBe(212);
    expect(temperatureIn(-40, 'FAHRENHEIT')).toBe(-40);
    expect(temperatureIn(21.4, 'CELSIUS')).toBe(21.4);
  });

  it('gives one-decimal values without floating-point tails', () => {
    expect(temperatureIn(22, 'FAHRENHEIT')).toBe(71.6);
    expect(String(temperatureIn(37, 'FAHRENHEIT'))).toBe('98.6');
  });

  it('rounds halves away from zero even when binary arithmetic lands just below the half', () => {
    // -17.25 °C is exactly 0.95 °F, but -17.25 * 9 / 5 + 32 computes 0.9499999999999993.
    expect(temperatureIn(-17.25, 'FAHRENHEIT')).toBe(1);
    expect(temperatureIn(0.25, 'CELSIUS')).toBe(0.3);
    expect(temperatureIn(-0.25, 'CELSIUS')).toBe(-0.3);
  });

  it('never returns negative zero', () => {
    expect(temperatureIn(-0.04, 'CELSIUS')).toBe(0);
    expect(temperatureIn(-17.79, 'FAHRENHEIT')).toBe(0);
  });
});

describe('windSpeedIn', () => {
  it('converts 100 km/h to 27.8 m/s, 62.1 mph and 54.0 kn', () => {
    expect(windSpeedIn(100, 'KMH')).toBe(100);
    expect(windSpeedIn(100, 'MS')).toBe(27.8);
    expect(windSpeedIn(100, 'MPH')).toBe(62.1);
    expect(windSpeedIn(100, 'KNOTS')).toBe(54);
  });

  it('uses the exact mile and nautical mile', () => {
    expect(windSpeedIn(1.609344 * 10, 'MPH')).toBe(10);
    expect(windSpeedIn(1.852 * 10, 'KNOTS')).toBe(10);
    expect(windSpeedIn(36, 'MS')).toBe(10);
  });
});

describe('precipitationIn', () => {
  it('converts 25.4 mm to exactly one inch', () => {
    expect(precipitationIn(25.4, 'INCH')).toBe(1);
    expect(precipitationIn(25.4, 'MM')).toBe(25.4);
  });

  it('keeps inches to two decimals so drizzle does not read as zero', () => {
    expect(precipitationIn(0.3, 'INCH')).toBe(0.01);
    expect(precipitationIn(2, 'INCH')).toBe(0.08);
    expect(precipitationIn(12.7, 'INCH')).toBe(0.5);
    expect(precipitationIn(0, 'INCH')).toBe(0);
  });
});
