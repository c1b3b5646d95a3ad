/**
 * What an operation costs, computed from the document and its variables before anything runs.
 *
 * The cost is about the number of values the answer can hold: every field costs 1, and a list
 * field multiplies what it selects by how many items it can return: `locations` by its page size
 * (`first`, default 20), `hourly` by `hours` (default 24), `daily` by `days` (default 7), an
 * account's `favorites` (also in the favorite mutations' payloads) by the most favorites an account may have.
 * `locations(first: 50) { nodes { hourly(hours: 168) { temperature } } }` thus costs about
 * 50 × 168. A search adds what its statement costs beyond its rows: 10, and with `near`, whose
 * candidates are read and measured in full, a cost that grows with the area searched.
 *
 * A connection's `first` multiplies its `pageInfo` and `totalCount` too: the estimate is high by
 * at most 6 × `first`, which keeps the formula one rule per field. Arguments outside their valid
 * range are clamped into it, so that the resolver's own error ("first must be between 1 and
 * 100") speaks rather than a cost error.
 */
import { visit, type ArgumentNode, type DocumentNode } from 'graphql';
import type { ComplexityEstimator } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE, DEFAULT_RADIUS_KM, MAX_PAGE_SIZE, MAX_RADIUS_KM } from './locations/search.js';
import { MAX_DAILY, MAX_HOURLY } from './forecasts/horizon.js';

export const SEARCH_COST = 10;
/**
 * What a `near` search at the largest radius costs beyond SEARCH_COST. Its candidates grow with
 * the area, so the cost grows with the radius squared: 25 at the default 50 km, 2,500 at 500 km,
 * where one search over central Europe measures and sorts some 40,000 candidates (about 200 ms
 * here): the cost limit then allows three of them per request.
 */
export const NEAR_COST_AT_MAX_RADIUS = 2_500;

const clamp = (value: unknown, fallback: number, max: number): number =>
  typeof value === 'number' && Number.isFinite(value) ? Math.min(Math.max(Math.trunc(value), 1), max) : fallback;

function nearCost(near: unknown): number {
  if (!near || typeof near !== 'object') return 0;
  const radius = (near as { radiusKm?: unknown }).radiusKm;
  const km = typeof radius === 'number' && radius > 0 ? Math.min(radius, MAX_RADIUS_KM) : DEFAULT_RADIUS_KM;
  return Math.ceil((NEAR_COST_AT_MAX_RADIUS * km * km) / (MAX_RADIUS_KM * MAX_RADIUS_KM));
}

/** The estimator of Skygraph's schema; `maxFavorites` is the configured cap on saved places. */
export function costEstimator(maxFavorites: number): ComplexityEstimator {
  return ({ type, field, args, childComplexity }) => {
    switch (`${type.name}.${field.name}`) {
      case 'Query.locations':
        return SEARCH_COST + nearCost(args.near) + clamp(args.first, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE) * childComplexity;
      case 'Location.hourly':
        return 1 + clamp(args.hours, 24, MAX_HOURLY) * childComplexity;
      case 'Location.daily':
        return 1 + clamp(args.days, 7, MAX_DAILY) * childComplexity;
      case 'Account.favorites':
        return 1 + maxFavorites * childComplexity;
      default:
        return 1 + childComplexity;
    }
  };
}

/** Arguments that change the cost: only the variables they use need to key a cached cost. */
const COSTED_ARGUMENTS = new Set(['first', 'hours', 'days', 'near']);

/**
 * The variables of `document` that its cost depends on: those in costed arguments and in
 * directives (`@include(if: $x)` decides whether a subtree counts at all). Two requests of one
 * document that agree on these have the same cost, whatever their other variables (a search
 * string) say.
 */
export function costVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  let inside = 0;
  const costed = (node: ArgumentNode) => COSTED_ARGUMENTS.has(node.name.value);
  visit(document, {
    Argument: { enter: (node) => void (costed(node) && inside++), leave: (node) => void (costed(node) && inside--) },
    Directive: { enter: () => void inside++, leave: () => void inside-- },
    Variable(node) {
      if (inside > 0) names.add(node.name.value);
    },
  });
  return [...names].sort();
}
