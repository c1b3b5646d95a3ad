/**
 * src/time.ts's formatDateTime, for the many instants of one place in a request: the offset
 * comes from the same memoised offsetSeconds, and the date part is kept while instants stay on
 * one local day, which skips a Date and its getters per instant. The text is the same.
 */
import { offsetSeconds } from '../../../../src/time.js';

const DAY = 86_400;
const HOUR = 3_600;
const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const offsetTexts = new Map<number, string>();

/** `+02:00` for 7200, `-03:30` for -12600, `+00:00` for UTC, as formatDateTime writes them. */
function offsetText(offset: number): string {
  let text = offsetTexts.get(offset);
  if (text === undefined) {
    const minutes = Math.floor(Math.abs(offset) / 60);
    text = `${offset < 0 ? '-' : '+'}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
    offsetTexts.set(offset, text);
  }
  return text;
}

/** A formatter of whole unix seconds in `timeZone`, giving exactly what formatDateTime(unix, timeZone) gives. */
export function zoneFormatter(timeZone: string): (unix: number) => string {
  let dayStart = 0;
  let dayEnd = 0;
  let datePart = '';
  return (unix) => {
    const offset = offsetSeconds(timeZone, unix);
    const wall = unix + offset;
    if (wall < dayStart || wall >= dayEnd) {
      dayStart = Math.floor(wall / DAY) * DAY;
      dayEnd = dayStart + DAY;
      const date = new Date(dayStart * 1000);
      datePart = `${String(date.getUTCFullYear()).padStart(4, '0')}-${TWO_DIGITS[date.getUTCMonth() + 1]}-${TWO_DIGITS[date.getUTCDate()]}T`;
    }
    const seconds = wall - dayStart;
    const minutes = Math.floor((seconds % HOUR) / 60);
    return `${datePart}${TWO_DIGITS[Math.floor(seconds / HOUR)]}:${TWO_DIGITS[minutes]}:${TWO_DIGITS[seconds % 60]}${offsetText(offset)}`;
  };
}
