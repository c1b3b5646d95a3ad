import { describe, expect, it } from '@jest/globals';
import { buildSchema, parse } from 'graphql';
import { readFileSync } from 'node:fs';
import { getComplexity } from 'graphql-query-complexity';
import { costEstimator, costVariables } from '../src/cost.js';

const schema = buildSchema(readFileSync('schema.graphql', 'utf8'));
const cost = (query: string, variables: Record<string, unknown> = {}) =>
  getComplexity({ schema, query: parse(query), variables, estimators: [costEstimator(50)] });

describe('the cost of an operation', () => {
  it('is one per field, with each list multiplying what it selects by its length', () => {
    expect(cost('{ me { email } }')).toBe(2);
    // 10 + 20 (default first) × (nodes 1 + name 1)
    expect(cost('{ locations { nodes { name } } }')).toBe(50);
    // 10 + 50 × (1 + 1 + 168 × 1)
    expect(cost('{ locations(first: 50) { nodes { hourly(hours: 168) { temperature } } } }')).toBe(8_510);
    // defaults: 24 hours, 7 days
    expect(cost('{ location(id: "x") { hourly { time } daily { date } } }')).toBe(1 + 1 + 24 + 1 + 7);
    expect(cost('{ me { favorites { id } } }')).toBe(1 + 1 + 50);
  });

  it('grows with the area of a near search', () => {
    expect(cost('{ locations(near: { latitude: 0, longitude: 0 }) { totalCount } }')).toBe(10 + 25 + 20);
    expect(cost('{ locations(near: { latitude: 0, longitude: 0, radiusKm: 500 }) { totalCount } }')).toBe(10 + 2_500 + 20);
  });

  it('clamps arguments into their valid range, leaving the refusal to the resolver', () => {
    expect(cost('{ locations(first: 100000) { nodes { name } } }')).toBe(10 + 100 * 2);
    expect(cost('{ location(id: "x") { hourly(hours: -5) { time } } }')).toBe(1 + 1 + 1);
  });

  it('reads variables and skips what @include leaves out', () => {
    const doc =
      'query ($n: Int, $all: Boolean!) { locations(first: $n) { nodes { name hourly(hours: 240) @include(if: $all) { time } } } }';
    expect(cost(doc, { n: 10, all: false })).toBe(10 + 10 * 2);
    expect(cost(doc, { n: 10, all: true })).toBe(10 + 10 * (2 + 241));
  });
});

describe('the variables a cost depends on', () => {
  it('are those of costed arguments and directives, not a search string', () => {
    const doc = parse(`query ($s: String, $n: Int, $h: Int, $lat: Float!, $x: Boolean!, $id: ID!) {
      locations(search: $s, first: $n, near: { latitude: $lat, longitude: 0 }) { nodes { hourly(hours: $h) @skip(if: $x) { time } } }
      location(id: $id) { name }
    }`);
    expect(costVariables(doc)).toEqual(['h', 'lat', 'n', 'x']);
  });
});
