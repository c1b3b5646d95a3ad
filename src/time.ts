/**
 * Time-zone arithmetic over IANA zones. Every instant is an integer count of unix seconds (UTC);
 * local calendar days are `YYYY-MM-DD` strings.
 */

const HOUR = 3600;
const DAY = 86_400;
// Every zone offset in use lies within UTC−12:00 … UTC+14:00.
const MIN_OFFSET = -12 * HOUR;
const MAX_OFFSET = 14 * HOUR;

// Intl.DateTimeFormat construction costs tens of microseconds, so keep one per zone for the process.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      // h23, not hour12:false, which renders midnight as "24" on some ICU versions.
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/*
 * Offsets are memoised per zone. Formatting costs microseconds and a request formats thousands of
 * hours, so the common case is one lookup per UTC day: the offsets at the day's two ends. When
 * they agree the whole day has that offset, which rests on no zone changing its offset twice
 * within 24 hours (true of all tzdata since 1970). A day where they differ holds a transition and
 * falls back to one lookup per UTC quarter hour, exact because every transition since the 1970s
 * falls on a whole quarter hour of UTC (Lord Howe and Chatham included). The caches are dropped
 * when they grow large rather than tracked as an LRU: refilling them is cheap.
 */
const QUARTER = 900;
const CACHE_LIMIT = 20_000;

interface ZoneOffsets {
  /** Offset at 00:00 UTC of each day, keyed by days since the epoch. */
  dayStarts: Map<number, number>;
  /** Offset per quarter hour, for days that contain a transition. */
  quarters: Map<number, number>;
}

const offsetCache = new Map<string, ZoneOffsets>();

function computeOffset(timeZone: string, unix: number): number {
  const fields: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(unix * 1000)) fields[part.type] = part.value;
  const wall = Date.UTC(
    Number(fields.year),
    Number(fields.month) - 1,
    Number(fields.day),
    Number(fields.hour),
    Number(fields.minute),
    Number(fields.second),
  );
  return wall / 1000 - unix;
}

function memoised(cache: Map<number, number>, key: number, compute: () => number): number {
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const value = compute();
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

/** The zone's UTC offset in seconds at that instant (local = UTC + offset). */
export function offsetSeconds(timeZone: string, unix: number): number {
  let zone = offsetCache.get(timeZone);
  if (zone === undefined) {
    zone = { dayStarts: new Map(), quarters: new Map() };
    offsetCache.set(timeZone, zone);
  }
  const { dayStarts, quarters } = zone;
  const day = Math.floor(unix / DAY);
  const atStart = memoised(dayStarts, day, () => computeOffset(timeZone, day * DAY));
  const atEnd = memoised(dayStarts, day + 1, () => computeOffset(timeZone, (day + 1) * DAY));
  if (atStart === atEnd) return atStart;
  const quarter = Math.floor(unix / QUARTER);
  return memoised(quarters, quarter, () => computeOffset(timeZone, quarter * QUARTER));
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function isoDate(wall: Date): string {
  return `${pad(wall.getUTCFullYear(), 4)}-${pad(wall.getUTCMonth() + 1, 2)}-${pad(wall.getUTCDate(), 2)}`;
}

function formatOffset(offset: number): string {
  const sign = offset < 0 ? '-' : '+';
  const minutes = Math.floor(Math.abs(offset) / 60);
  return `${sign}${pad(Math.floor(minutes / 60), 2)}:${pad(minutes % 60, 2)}`;
}

/** ISO-8601 local date-time with the zone's numeric offset, e.g. `2026-03-29T03:00:00+02:00` (UTC as `+00:00`). */
export function formatDateTime(unix: number, timeZone: string): string {
  const offset = offsetSeconds(timeZone, unix);
  const wall = new Date((unix + offset) * 1000);
  const time = `${pad(wall.getUTCHours(), 2)}:${pad(wall.getUTCMinutes(), 2)}:${pad(wall.getUTCSeconds(), 2)}`;
  return `${isoDate(wall)}T${time}${formatOffset(offset)}`;
}

/** The local calendar day (`YYYY-MM-DD`) that contains the instant in that zone. */
export function localDate(unix: number, timeZone: string): string {
  return isoDate(new Date((unix + offsetSeconds(timeZone, unix)) * 1000));
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Unix seconds of `YYYY-MM-DD` 00:00 read as UTC; throws on a malformed or impossible date. */
function utcMidnight(date: string): number {
  const match = DATE_PATTERN.exec(date);
  const ms = match === null ? NaN : Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (Number.isNaN(ms) || isoDate(new Date(ms)) !== date) {
    throw new RangeError(`expected a calendar date as YYYY-MM-DD, got ${JSON.stringify(date)}`);
  }
  return ms / 1000;
}

/** The calendar date `days` days after `date` (negative goes back); throws on a malformed date. */
export function addDays(date: string, days: number): string {
  return isoDate(new Date((utcMidnight(date) + days * DAY) * 1000));
}

/**
 * Unix seconds of the first instant of that local day in the zone. Usually local midnight, but
 * some zones (America/Santiago, Asia/Beirut) switch to summer time at 00:00, so their day
 * begins at 01:00 and the first instant has to be searched for.
 */
export function startOfLocalDay(date: string, timeZone: string): number {
  const midnight = utcMidnight(date);
  // Local midnight, if it exists, is `midnight - offset` for one of the offsets in force around
  // it. Taking the earliest candidate that really reads 00:00 matters where clocks fall back
  // across midnight and 00:00 happens twice.
  let first = Infinity;
  for (const probe of [midnight - MAX_OFFSET, midnight, midnight - MIN_OFFSET]) {
    const candidate = midnight - offsetSeconds(timeZone, probe);
    if (candidate < first && candidate + offsetSeconds(timeZone, candidate) === midnight) first = candidate;
  }
  if (first !== Infinity) return first;

  // Midnight was skipped: the day starts at the transition, the first instant whose wall clock
  // reads at least 00:00. The wall clock only jumps forward around a gap, so bisection is sound.
  let before = midnight - MAX_OFFSET - HOUR;
  let after = midnight - MIN_OFFSET + HOUR;
  while (after - before > 1) {
    const middle = Math.floor((before + after) / 2);
    if (middle + offsetSeconds(timeZone, middle) >= midnight) after = middle;
    else before = middle;
  }
  return after;
}

const DATE_TIME_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;

/** Unix seconds of a UTC wall time; setUTCFullYear because Date.UTC reads years 0..99 as 19xx. */
function utcSeconds(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  const wall = new Date(0);
  wall.setUTCFullYear(year, month - 1, day);
  wall.setUTCHours(hour, minute, second);
  return wall.getTime() / 1000;
}

function daysInMonth(year: number, month: number): number {
  return (utcSeconds(year, month + 1, 1, 0, 0, 0) - utcSeconds(year, month, 1, 0, 0, 0)) / DAY;
}

/**
 * Unix seconds (floored) of an ISO-8601 date-time that carries `Z` or a numeric offset;
 * null when it is malformed, names an impossible date or time, or has no offset.
 */
export function parseDateTime(input: string): number | null {
  const match = DATE_TIME_PATTERN.exec(input);
  if (match === null) return null;
  const [, y, mo, d, h, mi, s, zulu, sign, oh, om] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  // No leap seconds: unix time has no 23:59:60 to map them to.
  if (hour > 23 || minute > 59 || second > 59) return null;
  let offset = 0;
  if (zulu === undefined) {
    const offsetHours = Number(oh);
    const offsetMinutes = Number(om);
    if (offsetHours > 23 || offsetMinutes > 59) return null;
    offset = (sign === '-' ? -1 : 1) * (offsetHours * HOUR + offsetMinutes * 60);
  }
  // Fractional seconds never change the floor: the rest of the value is whole seconds.
  return utcSeconds(year, month, day, hour, minute, second) - offset;
}

/** The start of the UTC hour containing the instant. */
export function floorHour(unix: number): number {
  return Math.floor(unix / HOUR) * HOUR;
}
