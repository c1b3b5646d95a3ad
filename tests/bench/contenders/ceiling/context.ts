/**
 * What every answer of the ceiling works from: the prepared statements and the pinned clock.
 * The clock is pinned for the whole run, so the instants derived from it are computed once.
 */
import type Database from 'better-sqlite3';
import { defaults } from '../../../../src/config.js';
import { floorHour } from '../../../../src/time.js';
import { prepareStatements, type Statements } from './database.js';

export interface Ceiling {
  sqlite: Database.Database;
  statements: Statements;
  /** The pinned "now", unix seconds. */
  now: number;
  /** Start of the UTC hour containing now: the hour `current` shows, and where `hourly` starts. */
  currentHour: number;
  /** Runs issued before this are stale (Skygraph's default forecastMaxAgeHours): they show no hours. */
  freshSince: number;
  /** Most places one account may save (Skygraph's default). */
  maxFavorites: number;
}

/** The ceiling over an open database at the pinned `nowMs`. */
export function createCeiling(sqlite: Database.Database, nowMs: number): Ceiling {
  const now = Math.floor(nowMs / 1000);
  return {
    sqlite,
    statements: prepareStatements(sqlite),
    now,
    currentHour: floorHour(now),
    freshSince: now - defaults.forecastMaxAgeHours * 3_600,
    maxFavorites: defaults.maxFavorites,
  };
}
