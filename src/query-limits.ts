/**
 * Limits on one operation, checked before any resolver runs, so that no request, however it is
 * written, can hold the server for long or make it build a huge answer. Each is configurable
 * (config.ts, `limits`) and each refusal is `QUERY_TOO_COMPLEX` (HTTP 400) with the limit and
 * what was found in `extensions`:
 *
 * - tokens: Apollo's parser stops at `maxTokens` (a parse error, GRAPHQL_PARSE_FAILED; the
 *   parser's own limit, since graphql-armor's max-tokens plugin answers parse failures with 500);
 * - depth, aliases and directives: graphql-armor's rules, run here rather than as validation
 *   rules so that their refusals carry our code and the numbers;
 * - root fields (aliases included), and password checks (signUp, logIn, deleteAccount: each
 *   hashes a password, about 40 ms of CPU) per operation;
 * - cost (cost.ts): about the number of values the answer can hold, from the document and its
 *   variables, which also bounds the answer's size.
 *
 * Shape checks are kept per document and operation, costs per document, operation and the
 * values of the variables the cost depends on, so a repeated request pays a map lookup.
 * Subscriptions are refused here too: the schema has none (graphql-js 16 lets the document pass
 * validation and fails only when executing it, as an internal error).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  GraphQLError,
  Kind,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { LRUCache } from 'lru-cache';
import type { QueryLimits } from './config.js';
import type { Context } from './context.js';
import { costEstimator, costVariables } from './cost.js';

const PASSWORD_FIELDS = new Set(['signUp', 'logIn', 'deleteAccount']);

/** Distinct documents (and costs) remembered; clients send a handful, so this bounds only abuse. */
const REMEMBERED = 2_000;

const tooComplex = (message: string, extensions: Record<string, number>) =>
  new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX', ...extensions, http: { status: 400 } } });

/** The plugin that enforces `limits` over `schema`; `maxFavorites` is the configured cap on saved places. */
export function queryLimits(schema: GraphQLSchema, limits: QueryLimits, maxFavorites: number): ApolloServerPlugin<Context> {
  const estimators = [costEstimator(maxFavorites)];
  const shapes = new LRUCache<string, { refusal: GraphQLError | null; costVariables: string[] }>({ max: REMEMBERED });
  const costs = new LRUCache<string, number>({ max: REMEMBERED });

  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, queryHash, request }) {
          if (!operation) return;
          if (operation.operation === 'subscription') {
            throw new GraphQLError('Subscriptions are not supported: the schema has no subscription type', {
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } },
            });
          }
          const operationKey = `${queryHash}:${operation.name?.value ?? ''}`;
          let shape = shapes.get(operationKey);
          if (!shape)
            shapes.set(
              operationKey,
              (shape = { refusal: shapeRefusal(schema, limits, document, operation), costVariables: costVariables(document) }),
            );
          if (shape.refusal) throw shape.refusal;

          const variables = request.variables ?? {};
          const costKey = `${operationKey}:${JSON.stringify(shape.costVariables.map((name) => variables[name] ?? null))}`;
          let cost = costs.get(costKey);
          if (cost === undefined) {
            try {
              cost = getComplexity({ schema, query: document, operationName: operation.name?.value, variables, estimators });
            } catch {
              // Variables that do not coerce: execution refuses them, before any resolver runs.
              return;
            }
            costs.set(costKey, cost);
          }
          if (cost > limits.maxCost) {
            throw tooComplex(
              `This operation costs ${cost}, more than the limit of ${limits.maxCost}: ask for fewer places, hours or days at once (each list multiplies the cost of what it selects)`,
              { cost, maxCost: limits.maxCost },
            );
          }
        },
      };
    },
  };
}

/**
 * Why `operation` of `document` breaks a shape limit (depth, aliases, directives, root fields,
 * password checks), or null. Also run on trusted documents at start (trusted-documents.ts).
 */
export function shapeRefusal(
  schema: GraphQLSchema,
  limits: QueryLimits,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): GraphQLError | null {
  const refusals: GraphQLError[] = [];
  const callbacks = { propagateOnRejection: false, onReject: [(_context: unknown, error: GraphQLError) => void refusals.push(error)] };
  validate(schema, document, [
    maxDepthRule({ n: limits.maxDepth, flattenFragments: true, ...callbacks }),
    maxAliasesRule({ n: limits.maxAliases, ...callbacks }),
    maxDirectivesRule({ n: limits.maxDirectives, ...callbacks }),
  ]);
  const [refusal] = refusals;
  if (refusal) {
    // graphql-armor words its refusals as syntax errors: "Syntax Error: Query depth limit of 8 exceeded, found 9."
    const message = refusal.message.replace(/^Syntax Error: /, '');
    const [limit = 0, found = 0] = (message.match(/\d+/g) ?? []).map(Number);
    return tooComplex(message, { limit, found });
  }
  const roots = rootFields(operation.selectionSet, document);
  if (roots.length > limits.maxRootFields) {
    return tooComplex(`An operation may have at most ${limits.maxRootFields} root fields, got ${roots.length}`, {
      limit: limits.maxRootFields,
      found: roots.length,
    });
  }
  const passwordChecks = roots.filter((name) => PASSWORD_FIELDS.has(name)).length;
  if (operation.operation === 'mutation' && passwordChecks > limits.maxPasswordChecks) {
    return tooComplex(
      `An operation may check at most ${limits.maxPasswordChecks} passwords (signUp, logIn, deleteAccount), got ${passwordChecks}`,
      { limit: limits.maxPasswordChecks, found: passwordChecks },
    );
  }
  return null;
}

/** The response names of an operation's root fields, fragments spread in. */
function rootFields(selectionSet: SelectionSetNode, document: DocumentNode, seen = new Set<string>()): string[] {
  return selectionSet.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return [selection.name.value];
    if (selection.kind === Kind.INLINE_FRAGMENT) return rootFields(selection.selectionSet, document, seen);
    const name = selection.name.value;
    if (seen.has(name)) return [];
    seen.add(name);
    const fragment = document.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === name);
    return fragment && fragment.kind === Kind.FRAGMENT_DEFINITION ? rootFields(fragment.selectionSet, document, seen) : [];
  });
}
