/**
 * Who is asking, and Q3 (`me`): the viewer's saved places with current and daily forecasts.
 */
import { bearerToken, hashToken } from '../../../../src/accounts/tokens.js';
import { toGlobalId } from '../../../../src/ids.js';
import { addDays, localDate } from '../../../../src/time.js';
import type { Ceiling } from './context.js';
import type { DayTuple, SessionRow } from './database.js';
import { currentJson, dailyJson, metricUnits, type Units } from './forecast-json.js';
import { zoneFormatter } from './local-time.js';
import { fieldError, type Answer, type Operation } from './operations.js';

const HOUR = 3_600;
/** Q3 asks for `daily(days: 7)`. */
const DAYS = 7;

/** Skygraph's messages for a request without a token, and with one it does not accept. */
const LOG_IN_FIRST = 'Log in first: send the token from signUp or logIn as "Authorization: Bearer <token>"';
const TOKEN_REJECTED = 'The token is unknown, expired or logged out; log in again for a new one';

/** The session behind an Authorization header: none without a header, rejected when unknown or expired. */
export function authenticate(ceiling: Ceiling, authorization: string | undefined): SessionRow | 'none' | 'rejected' {
  const token = bearerToken(authorization);
  if (token === null) return 'none';
  const session = token === '' ? undefined : ceiling.statements.session.get(hashToken(token));
  return session && session.expiresAt > ceiling.now ? session : 'rejected';
}

/** The units a request's fields answer in: its viewer's, else metric (a rejected token only matters to `me` and writes). */
export function unitsOf(ceiling: Ceiling, authorization: string | undefined): Units {
  // The benchmark's public queries carry no token: no statement for them.
  if (authorization === undefined) return metricUnits;
  const session = authenticate(ceiling, authorization);
  return typeof session === 'string' ? metricUnits : session;
}

/** The UNAUTHENTICATED error of `op` for a request that has no accepted session. */
export function unauthenticated(op: Operation, session: 'none' | 'rejected'): Answer {
  return fieldError(op, 'UNAUTHENTICATED', session === 'none' ? LOG_IN_FIRST : TOKEN_REJECTED);
}

/**
 * Q3: one statement, the viewer with their places in order, each with its current hour and
 * stored days. Which local day is "today" depends on each place's zone, unknown before the
 * read, so the read takes the dates any zone could need and each place keeps its own week:
 * every zone's offset lies within UTC-12:00 … UTC+14:00 (as src/time.ts assumes), so today
 * anywhere is between the UTC dates of now - 12 h and now + 14 h.
 */
export function answerMe(ceiling: Ceiling, op: Operation, authorization: string | undefined): Answer {
  const { statements, now, currentHour, freshSince } = ceiling;
  const token = bearerToken(authorization);
  if (token === null) return { status: 200, body: '{"data":{"me":null}}\n' };
  const from = localDate(now - 12 * HOUR, 'UTC');
  const to = addDays(localDate(now + 14 * HOUR, 'UTC'), DAYS);
  const rows = token === '' ? [] : statements.viewerFavorites.all(from, to, freshSince, currentHour, hashToken(token));
  const account = rows[0];
  if (account === undefined || account.expiresAt <= now) return unauthenticated(op, 'rejected');

  const units: Units = account;
  let json = '';
  if (account.favoriteId !== null) {
    rows.forEach((favorite, i) => {
      const timezone = favorite.timezone!;
      const format = zoneFormatter(timezone);
      const today = localDate(now, timezone);
      const end = addDays(today, DAYS);
      const week = (JSON.parse(favorite.days) as DayTuple[]).filter(([date]) => date >= today && date < end);
      const current =
        favorite.time === null ? 'null' : currentJson(favorite.time, favorite.temperature!, favorite.weatherCode!, format, units);
      json +=
        `${i === 0 ? '' : ','}{"id":"${toGlobalId('Favorite', favorite.favoriteId!)}","label":${favorite.label === null ? 'null' : JSON.stringify(favorite.label)},` +
        `"position":${favorite.position},"location":{"id":"${toGlobalId('Location', favorite.locationId!)}","name":${JSON.stringify(favorite.name)},` +
        `"current":${current},"daily":${dailyJson(week, format, units)}}}`;
    });
  }
  return {
    status: 200,
    body: `{"data":{"me":{"email":${JSON.stringify(account.email)},"preferences":{"temperatureUnit":"${account.temperatureUnit}"},"favorites":[${json}]}}}\n`,
  };
}
