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
import {
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  Kind,
  typeFromAST,
  visit,
  type ArgumentNode,
  type DirectiveNode,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type ValueNode,
} from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
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

/**
 * The least `operationName` of `document` can cost, whatever its variables: what it costs with
 * each costed argument that a variable sets at its cheapest (a page, `hours` or `days` of 1, a
 * `near` search of 10 km or less, which costs 1) and every selection that `@include` or `@skip`
 * with a variable may leave out left out. The other variables do not change the cost, so any
 * value of their type does. Without variables in costed places, this is the cost. Null when it
 * cannot be computed (a required variable of a custom scalar, which no placeholder fits).
 */
export function leastCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  maxFavorites: number,
): number | null {
  const cheapest = cheapestForm(document);
  const operation = cheapest.definitions.find(
    (d) => d.kind === Kind.OPERATION_DEFINITION && (operationName === undefined || d.name?.value === operationName),
  );
  if (operation?.kind !== Kind.OPERATION_DEFINITION) return null;
  const variables: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    const type = typeFromAST(schema, definition.type) as GraphQLInputType | undefined;
    if (type && isNonNullType(type) && !definition.defaultValue) variables[definition.variable.name.value] = anyValueOf(type);
  }
  try {
    return getComplexity({ schema, query: cheapest, operationName, variables, estimators: [costEstimator(maxFavorites)] });
  } catch {
    return null;
  }
}

const ONE: ValueNode = { kind: Kind.INT, value: '1' };
const ZERO: ValueNode = { kind: Kind.FLOAT, value: '0' };
const CHEAPEST_NEAR: ValueNode = {
  kind: Kind.OBJECT,
  fields: ['latitude', 'longitude', 'radiusKm'].map((name) => ({
    kind: Kind.OBJECT_FIELD,
    name: { kind: Kind.NAME, value: name },
    value: name === 'radiusKm' ? ONE : ZERO,
  })),
};

/** `document` with its variables in costed places at their cheapest, see `leastCost`. */
function cheapestForm(document: DocumentNode): DocumentNode {
  const leftOutByVariable = (node: { directives?: readonly DirectiveNode[] }) =>
    node.directives?.some(
      (directive) =>
        (directive.name.value === 'include' || directive.name.value === 'skip') &&
        directive.arguments?.some((argument) => argument.value.kind === Kind.VARIABLE),
    )
      ? null
      : undefined;
  return visit(document, {
    Field: leftOutByVariable,
    InlineFragment: leftOutByVariable,
    FragmentSpread: leftOutByVariable,
    Argument(node) {
      if (!COSTED_ARGUMENTS.has(node.name.value) || !hasVariable(node.value)) return undefined;
      return { ...node, value: node.name.value === 'near' ? cheapestNear(node.value) : ONE };
    },
  });
}

function cheapestNear(value: ValueNode): ValueNode {
  if (value.kind !== Kind.OBJECT) return CHEAPEST_NEAR;
  return {
    ...value,
    fields: value.fields.map((field) =>
      hasVariable(field.value) ? { ...field, value: field.name.value === 'radiusKm' ? ONE : ZERO } : field,
    ),
  };
}

function hasVariable(value: ValueNode): boolean {
  if (value.kind === Kind.VARIABLE) return true;
  if (value.kind === Kind.LIST) return value.values.some(hasVariable);
  if (value.kind === Kind.OBJECT) return value.fields.some((field) => hasVariable(field.value));
  return false;
}

const SCALAR_VALUES: Record<string, unknown> = { Int: 0, Float: 0, String: '', ID: '', Boolean: false };

/** Some value that coerces to `type` (null for a custom scalar). */
function anyValueOf(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return anyValueOf(type.ofType);
  if (isListType(type)) return [];
  if (isEnumType(type)) return type.getValues()[0]?.name ?? null;
  if (isInputObjectType(type)) {
    const required = Object.values(type.getFields()).filter((field) => isNonNullType(field.type) && field.defaultValue === undefined);
    return Object.fromEntries(required.map((field) => [field.name, anyValueOf(field.type)]));
  }
  return SCALAR_VALUES[type.name] ?? null;
}
