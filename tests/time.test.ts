import { describe, expect, it } from '@jest/globals';
import { addDays, floorHour, formatDateTime, localDate, offsetSeconds, parseDateTime, startOfLocalDay } from '../src/time.js';

const utc = (iso: string): number => Date.parse(iso) / 1000;
const HOUR = 3600;

function hoursInLocalDay(date: string, timeZone: string): number {
  return (startOfLocalDay(addDays(date, 1), timeZone) - startOfLocalDay(date, timeZone)) / HOUR;
}

describe('offsetSeconds', () => {
  it('gives Berlin +1 h in winter and +2 h in summer', () => {
    expect(offsetSeconds('Europe/Berlin', utc('2026-01-15T12:00Z'))).toBe(3600);
    expect(offsetSeconds('Europe/Berlin', utc('2026-07-15T12:00Z'))).toBe(7200);
  });

  it('switches at the exact second of a transition inside a UTC day', () => {
    // Berlin springs forward at 01:00 UTC on 29 March 2026.
    expect(offsetSeconds('Europe/Berlin', utc('2026-03-29T00:59:59Z'))).toBe(3600);
    expect(offsetSeconds('Europe/Berlin', utc('2026-03-29T01:00:00Z'))).toBe(7200);
  });

  it('handles half- and quarter-hour zones', () => {
    expect(offsetSeconds('Asia/Kolkata', utc('2026-06-01T00:00Z'))).toBe(5.5 * HOUR);
    expect(offsetSeconds('Asia/Kathmandu', utc('2026-06-01T00:00Z'))).toBe(5.75 * HOUR);
    expect(offsetSeconds('America/St_Johns', utc('2026-01-01T00:00Z'))).toBe(-3.5 * HOUR);
  });

  it('throws for an unknown zone', () => {
    expect(() => offsetSeconds('Mars/Olympus_Mons', 0)).toThrow(RangeError);
  });
});

describe('formatDateTime', () => {
  it('shows the jump across the Berlin spring-forward as one hour apart', () => {
    const beforeSwitch = utc('2026-03-29T00:00Z');
    expect(formatDateTime(beforeSwitch, 'Europe/Berlin')).toBe('2026-03-29T01:00:00+01:00');
    expect(formatDateTime(beforeSwitch + HOUR, 'Europe/Berlin')).toBe('2026-03-29T03:00:00+02:00');
  });

  it('writes UTC as +00:00 rather than Z', () => {
    expect(formatDateTime(utc('2026-05-04T07:08:09Z'), 'UTC')).toBe('2026-05-04T07:08:09+00:00');
  });

  it('writes half-hour and negative offsets with minutes', () => {
    expect(formatDateTime(utc('2026-01-01T00:00Z'), 'Asia/Kolkata')).toBe('2026-01-01T05:30:00+05:30');
    expect(formatDateTime(utc('2026-01-01T00:00Z'), 'Asia/Kathmandu')).toBe('2026-01-01T05:45:00+05:45');
    expect(formatDateTime(utc('2026-01-01T00:00Z'), 'America/St_Johns')).toBe('2025-12-31T20:30:00-03:30');
  });

  it('round-trips through parseDateTime', () => {
    for (const zone of ['Europe/Berlin', 'Australia/Sydney', 'Asia/Kolkata', 'America/Santiago']) {
      for (let unix = utc('2026-03-01T00:00Z'); unix < utc('2026-11-01T00:00Z'); unix += 7 * 3600 + 13) {
        expect(parseDateTime(formatDateTime(unix, zone))).toBe(unix);
      }
    }
  });
});

describe('localDate', () => {
  it('gives the local calendar day, which can differ from the UTC one', () => {
    expect(localDate(utc('2026-01-01T02:00Z'), 'America/New_York')).toBe('2025-12-31');
    expect(localDate(utc('2025-12-31T18:30Z'), 'Asia/Kolkata')).toBe('2026-01-01');
    expect(localDate(utc('2025-12-31T18:29:59Z'), 'Asia/Kolkata')).toBe('2025-12-31');
  });
});

describe('addDays', () => {
  it('crosses month, year and leap-day boundaries', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(addDays('2026-12-31', 0)).toBe('2026-12-31');
  });

  it('rejects impossible or malformed dates', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow('expected a calendar date as YYYY-MM-DD, got "2026-02-30"');
    expect(() => addDays('2026-3-1', 1)).toThrow(RangeError);
  });
});

describe('startOfLocalDay', () => {
  it('is local midnight on an ordinary day', () => {
    expect(startOfLocalDay('2026-06-01', 'Europe/Berlin')).toBe(utc('2026-05-31T22:00Z'));
    expect(startOfLocalDay('2026-01-01', 'Asia/Kolkata')).toBe(utc('2025-12-31T18:30Z'));
  });

  it('gives Berlin 23 hours on spring-forward day and 25 on fall-back day', () => {
    expect(hoursInLocalDay('2026-03-29', 'Europe/Berlin')).toBe(23);
    expect(hoursInLocalDay('2026-10-25', 'Europe/Berlin')).toBe(25);
    expect(hoursInLocalDay('2026-03-30', 'Europe/Berlin')).toBe(24);
  });

  it('gives Sydney 25 hours when DST ends in April and 23 when it starts in October', () => {
    expect(hoursInLocalDay('2026-04-05', 'Australia/Sydney')).toBe(25);
    expect(hoursInLocalDay('2026-10-04', 'Australia/Sydney')).toBe(23);
  });

  it('starts the day at 01:00 where the clocks skip midnight', () => {
    // Chile and Lebanon spring forward at 00:00, so those days have no midnight.
    const santiago = startOfLocalDay('2026-09-06', 'America/Santiago');
    expect(formatDateTime(santiago, 'America/Santiago')).toBe('2026-09-06T01:00:00-03:00');
    expect(localDate(santiago - 1, 'America/Santiago')).toBe('2026-09-05');
    const beirut = startOfLocalDay('2026-03-29', 'Asia/Beirut');
    expect(formatDateTime(beirut, 'Asia/Beirut')).toBe('2026-03-29T01:00:00+03:00');
    expect(hoursInLocalDay('2026-03-29', 'Asia/Beirut')).toBe(23);
  });

  it('takes the first of two midnights where the clocks fall back across it', () => {
    // Cuba falls back from 01:00 to 00:00, so 00:00-01:00 happens twice on 1 November 2026.
    expect(startOfLocalDay('2026-11-01', 'America/Havana')).toBe(utc('2026-11-01T04:00Z'));
    expect(hoursInLocalDay('2026-11-01', 'America/Havana')).toBe(25);
  });

  it('gives the previous day the repeated hour where clocks fall back from midnight to 23:00', () => {
    // Beirut goes from 00:00 +03 back to 23:00 +02 on 25 October 2026.
    expect(startOfLocalDay('2026-10-25', 'Asia/Beirut')).toBe(utc('2026-10-24T22:00Z'));
    expect(hoursInLocalDay('2026-10-24', 'Asia/Beirut')).toBe(25);
  });
});

describe('parseDateTime', () => {
  it('reads an explicit numeric offset', () => {
    expect(parseDateTime('2026-03-29T03:00:00+02:00')).toBe(utc('2026-03-29T01:00Z'));
    expect(parseDateTime('2026-01-01T00:00:00-03:30')).toBe(utc('2026-01-01T03:30Z'));
  });

  it('reads Z, optional seconds and fractional seconds, flooring the fraction', () => {
    expect(parseDateTime('2026-03-29T01:00Z')).toBe(utc('2026-03-29T01:00Z'));
    expect(parseDateTime('2026-03-29T01:00:59.999Z')).toBe(utc('2026-03-29T01:00:59Z'));
    expect(parseDateTime('1969-12-31T23:59:59.5Z')).toBe(-1);
  });

  it('accepts 29 February only in a leap year', () => {
    expect(parseDateTime('2028-02-29T00:00Z')).toBe(utc('2028-02-29T00:00Z'));
    expect(parseDateTime('2026-02-29T00:00Z')).toBeNull();
  });

  it.each([
    ['an impossible day', '2026-02-30T00:00Z'],
    ['month 13', '2026-13-01T00:00Z'],
    ['hour 24', '2026-03-29T24:00Z'],
    ['minute 60', '2026-03-29T01:60Z'],
    ['a leap second', '2026-03-29T01:00:60Z'],
    ['a missing offset', '2026-03-29T01:00:00'],
    ['a date alone', '2026-03-29'],
    ['an offset without colon', '2026-03-29T01:00+0200'],
    ['an out-of-range offset minute', '2026-03-29T01:00+02:60'],
    ['a space instead of T', '2026-03-29 01:00Z'],
    ['garbage', 'tomorrow'],
    ['an empty string', ''],
    ['trailing text', '2026-03-29T01:00Zjunk'],
  ])('rejects %s', (_reason, input) => {
    expect(parseDateTime(input)).toBeNull();
  });
});

describe('floorHour', () => {
  it('rounds down to the start of the UTC hour, also before 1970', () => {
    expect(floorHour(utc('2026-03-29T01:59:59Z'))).toBe(utc('2026-03-29T01:00Z'));
    expect(floorHour(utc('2026-03-29T01:00Z'))).toBe(utc('2026-03-29T01:00Z'));
    expect(floorHour(-1)).toBe(-3600);
  });
});
