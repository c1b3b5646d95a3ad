/**
 * The ingest's plan, as pure functions: grid cells and what to do with each place's run.
 */
import { describe, expect, it } from '@jest/globals';
import type { ForecastRunRow, LocationRow } from '../../db/schema.js';
import { decide, gridCells, planIngest, type DecisionInputs } from '../../src/ingest/plan.js';

const place = (id: number, latitude: number, longitude: number) => ({ id, latitude, longitude }) as LocationRow;
const NOW = 1_800_000_000;
const inputs: DecisionInputs = { provider: 'open-meteo', model: 'best_match', latestIssue: null, now: NOW, refreshAfterSeconds: 3 * 3600 };
const run = (fields: Partial<ForecastRunRow> = {}): ForecastRunRow => ({
  locationId: 1,
  provider: 'open-meteo',
  model: 'best_match',
  issuedAt: NOW - 3600,
  fetchedAt: NOW - 3600,
  askedAt: null,
  ...fields,
});

describe('grid cells', () => {
  it('puts places of one cell together under the first of them, in the order of their first place', () => {
    const paris = place(1, 48.85, 2.35);
    const boulogne = place(2, 48.83, 2.24);
    const london = place(3, 51.5, -0.12);
    const cells = gridCells([paris, london, boulogne], 0.5);
    expect(cells).toEqual([
      { representative: paris, members: [paris, boulogne] },
      { representative: london, members: [london] },
    ]);
  });

  it('keeps places on both sides of the antimeridian and the equator apart', () => {
    const cells = gridCells([place(1, 0.01, 179.99), place(2, 0.01, -179.99), place(3, -0.01, 179.99)], 0.5);
    expect(cells).toHaveLength(3);
  });

  it('gives every place its own cell at 0', () => {
    expect(gridCells([place(1, 1, 1), place(2, 1, 1)], 0)).toHaveLength(2);
  });
});

describe('what an ingest does with a run', () => {
  it('fetches a place with no run, or a run from another provider or model', () => {
    expect(decide(undefined, inputs)).toBe('fetch');
    expect(decide(run({ provider: 'skygraph-offline' }), inputs)).toBe('fetch');
    expect(decide(run({ model: 'ecmwf_ifs025' }), inputs)).toBe('fetch');
  });

  it('without a published issue, fetches runs past the refresh age and leaves younger ones', () => {
    expect(decide(run({ fetchedAt: NOW - 3 * 3600 + 1 }), inputs)).toBe('fresh');
    expect(decide(run({ fetchedAt: NOW - 3 * 3600 - 1 }), inputs)).toBe('fetch');
  });

  it('with a published issue, fetches another issue at once and only confirms an old fetch of the same one', () => {
    const pinned = { ...inputs, latestIssue: NOW - 6 * 3600 };
    expect(decide(run({ issuedAt: NOW - 12 * 3600, fetchedAt: NOW - 60 }), pinned)).toBe('fetch');
    expect(decide(run({ issuedAt: NOW - 6 * 3600, fetchedAt: NOW - 5 * 3600 }), pinned)).toBe('confirm');
    expect(decide(run({ issuedAt: NOW - 6 * 3600, fetchedAt: NOW - 60 }), pinned)).toBe('fresh');
  });

  it('fetches a whole cell when one of its places is due, and confirms the rest place by place', () => {
    const [a, b, c] = [place(1, 10, 10), place(2, 10.01, 10.01), place(3, 40, 40)];
    const cells = gridCells([a!, b!, c!], 0.5);
    const runs = new Map([
      [1, run({ locationId: 1, fetchedAt: NOW - 60 })],
      [3, run({ locationId: 3, fetchedAt: NOW - 60 })],
    ]);
    const plan = planIngest(cells, runs, inputs);
    expect(plan.fetch.map((cell) => cell.representative.id)).toEqual([1]);
    expect(plan.fresh).toBe(1);
  });
});
