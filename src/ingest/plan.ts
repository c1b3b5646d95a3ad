/**
 * What an ingest does with its candidates. Pure: the candidates, their stored runs and the clock
 * come in, and the work comes out.
 *
 * - Places in one grid cell of the model share one forecast: the provider is asked for the
 *   cell's first (most useful) place, and its hours are stored for every place of the cell.
 * - A place is fetched when it has no run from this provider and model, when the provider
 *   publishes a newer issue than its run's, or (where it publishes none) when its run was fetched
 *   more than `refreshAfterSeconds` ago. A place whose run is the newest issue but was fetched
 *   long ago is only confirmed: no call is spent to learn what is already stored.
 */
import type { ForecastRunRow, LocationRow } from '../../db/schema.js';

export interface Cell {
  /** The place the provider is asked for. */
  representative: LocationRow;
  /** Every place stored from its forecast, the representative first. */
  members: LocationRow[];
}

/** `places` grouped by cells of `gridDegrees` (0: a cell each), in the order of their first place. */
export function gridCells(places: readonly LocationRow[], gridDegrees: number): Cell[] {
  if (gridDegrees <= 0) return places.map((place) => ({ representative: place, members: [place] }));
  const cells = new Map<string, Cell>();
  for (const place of places) {
    const key = `${Math.floor(place.latitude / gridDegrees)}:${Math.floor(place.longitude / gridDegrees)}`;
    const cell = cells.get(key);
    if (cell) cell.members.push(place);
    else cells.set(key, { representative: place, members: [place] });
  }
  return [...cells.values()];
}

export type Decision = 'fetch' | 'confirm' | 'fresh';

export interface DecisionInputs {
  provider: string;
  model: string;
  /** The provider's newest issue (unix seconds), or null where it publishes none. */
  latestIssue: number | null;
  /** Unix seconds. */
  now: number;
  refreshAfterSeconds: number;
}

/** What to do for a place whose stored run is `run` (undefined: none). */
export function decide(
  run: ForecastRunRow | undefined,
  { provider, model, latestIssue, now, refreshAfterSeconds }: DecisionInputs,
): Decision {
  if (!run || run.provider !== provider || run.model !== model) return 'fetch';
  const old = run.fetchedAt < now - refreshAfterSeconds;
  if (latestIssue === null) return old ? 'fetch' : 'fresh';
  if (run.issuedAt !== latestIssue) return 'fetch';
  return old ? 'confirm' : 'fresh';
}

export interface IngestPlan {
  /** Cells to fetch, in priority order. */
  fetch: Cell[];
  /** Places whose run is the newest issue, to confirm. */
  confirm: LocationRow[];
  /** Places left alone: their runs are recent enough. */
  fresh: number;
}

/** The plan for `cells`, given the stored runs by place. */
export function planIngest(cells: readonly Cell[], runs: ReadonlyMap<number, ForecastRunRow>, inputs: DecisionInputs): IngestPlan {
  const plan: IngestPlan = { fetch: [], confirm: [], fresh: 0 };
  for (const cell of cells) {
    const decisions = cell.members.map((place) => decide(runs.get(place.id), inputs));
    if (decisions.includes('fetch')) {
      plan.fetch.push(cell);
      continue;
    }
    cell.members.forEach((place, i) => (decisions[i] === 'confirm' ? plan.confirm.push(place) : plan.fresh++));
  }
  return plan;
}
