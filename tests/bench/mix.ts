/**
 * The mixed workload: a weather app's traffic as one seeded sequence of requests, the same for
 * every contender and every run. Its documents are the benchmark's own (Q1–Q4, W1), so every
 * contender, the ceiling included, answers it; what varies is who asks, and for what:
 *
 * - a place's current conditions by id (Q1), the place drawn by popularity over all places;
 * - the home screen (Q3), `me { favorites … }` of one of ACCOUNT_COUNT people;
 * - searches (Q2) typed as people type them: 2 to 8 keystrokes of a place's name, or of one of
 *   its names in another language or script, each keystroke its own request;
 * - places near a phone's position (Q4), a few kilometres from a place drawn by popularity;
 * - writes: a step of W1's cycle (save a place, move it to the top, remove it) by one of them
 *   (requests.ts, writeCycles).
 *
 * Public requests carry a person's token two times in three, as a signed-in app sends it with
 * everything; the home screen and writes always do.
 */
import { and, asc, desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/open.js';
import { locationNames, locations } from '../../db/schema.js';
import { toGlobalId } from '../../src/ids.js';
import { searchKey } from '../../src/locations/names.js';
import { ACCOUNT_COUNT, PLACE_ZIPF_EXPONENT, type QueryName } from './fixture.js';
import { pick, seededRandom, zipf } from './random.js';

export const MIX_SEED = 20_260_615;

/** Shares of the steps, summing to 1. */
export const mixShares = { Q1: 0.4, Q3: 0.25, Q2: 0.2, Q4: 0.1, write: 0.05 } as const;
/** Of the public requests (Q1, Q2, Q4), the share sent with a person's token. */
const SIGNED_IN_SHARE = 2 / 3;
/** Of the searches, the share typed in one of the place's other names (languages, scripts). */
const ALTERNATE_NAME_SHARE = 0.25;
/** How far from a popular place a `near` search's position may be, in degrees (about 5 km). */
const NEAR_JITTER_DEGREES = 0.05;

export type ReadQuery = Exclude<QueryName, 'W1'>;

/** One request of the sequence: a read of a benchmark document, or the next step of W1 for an account. */
export type MixStep =
  { kind: 'read'; query: ReadQuery; variables: Record<string, unknown>; account?: number } | { kind: 'write'; account: number };

interface Place {
  id: number;
  name: string;
  latitude: number;
  longitude: number;
}

/** Every place by population, largest first (the ranks of fixture.ts). */
async function placesByPopulation(db: Db): Promise<Place[]> {
  return db
    .select({ id: locations.id, name: locations.name, latitude: locations.latitude, longitude: locations.longitude })
    .from(locations)
    .orderBy(desc(locations.population), desc(locations.id))
    .all();
}

async function alternateNames(db: Db, placeId: number): Promise<string[]> {
  const rows = await db
    .select({ name: locationNames.name })
    .from(locationNames)
    .where(and(eq(locationNames.locationId, placeId), eq(locationNames.kind, 'alternate')))
    .orderBy(asc(locationNames.key), asc(locationNames.name));
  return rows.map((r) => r.name);
}

/** The keystrokes of one search: the prefixes of 2 … 8 characters of `name` that hold a letter or digit. */
function keystrokes(name: string, random: () => number): string[] {
  const characters = Array.from(name);
  const typed = Math.min(characters.length, 2 + Math.floor(random() * 7));
  const prefixes: string[] = [];
  for (let length = 1; length <= typed; length++) {
    const prefix = characters.slice(0, length).join('');
    if (searchKey(prefix) !== '') prefixes.push(prefix);
  }
  return prefixes;
}

/** The first `count` steps of the mixed workload over the places of `db` (the bench database). */
export async function buildMix(db: Db, count: number): Promise<MixStep[]> {
  const places = await placesByPopulation(db);
  const random = seededRandom(MIX_SEED);
  const placeRank = zipf(places.length, PLACE_ZIPF_EXPONENT);
  const person = () => Math.floor(random() * ACCOUNT_COUNT);
  const maybeSignedIn = () => (random() < SIGNED_IN_SHARE ? { account: person() } : {});
  const typing: string[] = [];

  const steps: MixStep[] = [];
  while (steps.length < count) {
    const roll = random();
    if (roll < mixShares.Q1) {
      const place = places[placeRank(random)]!;
      steps.push({ kind: 'read', query: 'Q1', variables: { id: toGlobalId('Location', place.id) }, ...maybeSignedIn() });
    } else if (roll < mixShares.Q1 + mixShares.Q3) {
      steps.push({ kind: 'read', query: 'Q3', variables: {}, account: person() });
    } else if (roll < mixShares.Q1 + mixShares.Q3 + mixShares.Q2) {
      while (typing.length === 0) {
        const place = places[placeRank(random)]!;
        const others = random() < ALTERNATE_NAME_SHARE ? await alternateNames(db, place.id) : [];
        typing.push(...keystrokes(others.length > 0 ? pick(others, random) : place.name, random));
      }
      steps.push({ kind: 'read', query: 'Q2', variables: { search: typing.shift()! }, ...maybeSignedIn() });
    } else if (roll < 1 - mixShares.write) {
      const place = places[placeRank(random)]!;
      const jitter = () => (random() * 2 - 1) * NEAR_JITTER_DEGREES;
      const round = (degrees: number) => Math.round(degrees * 10_000) / 10_000;
      const latitude = round(Math.max(-90, Math.min(90, place.latitude + jitter())));
      const longitude = round(Math.max(-180, Math.min(180, place.longitude + jitter())));
      steps.push({ kind: 'read', query: 'Q4', variables: { latitude, longitude }, ...maybeSignedIn() });
    } else {
      steps.push({ kind: 'write', account: person() });
    }
  }
  return steps;
}
