/**
 * Prepared reads of places, built once per process.
 */
import type { Db } from '../../db/open.js';
import { inArray } from 'drizzle-orm';
import { locations } from '../../db/schema.js';
import { jsonValues } from '../sql.js';

export type LocationQueries = ReturnType<typeof prepareLocationQueries>;

export function prepareLocationQueries(db: Db) {
  return {
    /** Places by id; bind `ids` as a JSON array. */
    byIds: db
      .select()
      .from(locations)
      .where(inArray(locations.id, jsonValues('ids')))
      .prepare(),
  };
}
