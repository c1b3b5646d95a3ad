import { describe, expect, it } from '@jest/globals';
import { buildSchema, parse } from 'graphql';
import { readFileSync } from 'node:fs';
import { getComplexity } from 'graphql-query-complexity';
import { costEstimator, costVariables, leastCost } from '../src/cost.js';

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

describe('the least cost of an operation, whatever its variables', () => {
  const least = (query: string, operationName?: string) => leastCost(schema, parse(query), operationName, 50);

  it('is the cost when no variable is in a costed place', () => {
    const doc =
      'query ($id: ID!, $s: String!) { location(id: $id) { daily(days: 10) { date } } locations(search: $s, first: 30) { nodes { name } } }';
    expect(least(doc)).toBe(cost(doc, { id: 'x', s: 'berl' }));
    expect(least(doc)).toBe(1 + 1 + 10 + 10 + 30 * 2);
  });

  it('takes counts set by variables at 1 and a near search at its cheapest', () => {
    expect(least('query ($n: Int!, $h: Int) { locations(first: $n) { nodes { hourly(hours: $h) { time } } } }')).toBe(
      cost('{ locations(first: 1) { nodes { hourly(hours: 1) { time } } } }'),
    );
    expect(least('query ($p: GeoPointInput!) { locations(near: $p, first: 5) { totalCount } }')).toBe(10 + 1 + 5);
    // A literal radius stays: only what a variable sets may be cheaper.
    expect(
      least('query ($lat: Float!) { locations(near: { latitude: $lat, longitude: 0, radiusKm: 500 }, first: 5) { totalCount } }'),
    ).toBe(10 + 2_500 + 5);
  });

  it('leaves out what @include or @skip with a variable may leave out', () => {
    const doc =
      'query ($a: Boolean!, $b: Boolean!) { me { email favorites @include(if: $a) { id } } location(id: "x") @skip(if: $b) { name } }';
    expect(least(doc)).toBe(2);
    expect(least('{ me { email favorites @include(if: true) { id } } }')).toBe(1 + 1 + 1 + 50);
  });

  it('is of the operation named, in a document of several', () => {
    const doc = 'query Small { me { email } } query Large { locations(first: 100) { nodes { name } } }';
    expect(least(doc, 'Small')).toBe(2);
    expect(least(doc, 'Large')).toBe(10 + 100 * 2);
  });
});
