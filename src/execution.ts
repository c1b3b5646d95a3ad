/**
 * Executing operations with graphql-jit behind Apollo Server.
 *
 * graphql-js interprets each operation anew on every request, walking the document and the
 * schema for every field of every object. graphql-jit compiles an operation once into a
 * JavaScript function and reuses it for every request of the same document. Apollo still
 * parses, validates (its document cache skips both for a known document), runs its plugins
 * and formats errors; only execution changes. Apollo 5 lets an executor in only through its
 * gateway interface, which is what this is: a gateway to the one local schema.
 *
 * Only queries are compiled. Mutations run through graphql-js: the spec runs mutation fields one
 * after another and stops at a failed non-null one, and graphql-jit goes on (seen with 0.8.9: the
 * answer says `data: null` while later fields' writes have landed). Mutations are rare and
 * dominated by their writes, so compiling them would gain nothing. A document whose operation
 * Apollo did not resolve (an unknown `operationName`) also goes to graphql-js, which says why in
 * the error Apollo turns into a 400.
 */
import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import { execute, getVariableValues, GraphQLError, printSchema, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

/** Distinct compiled operations kept; clients send a handful, so this bounds only abuse. */
const MAX_COMPILED = 1_000;

/** A gateway whose executor runs `schema`'s resolvers through compiled operations. */
export function jitGateway(schema: GraphQLSchema): GatewayInterface {
  const compiled = new Map<string, CompiledQuery | ExecutionResult>();

  const executor: GatewayExecutor = async ({ document, queryHash, operationName, operation, context, request }) => {
    if (operation?.operation !== 'query') {
      // The name the client sent: Apollo's `operationName` is that of the operation it resolved,
      // null when it resolved none, and graphql-js would then run a one-operation document.
      return execute({ schema, document, operationName: request.operationName, contextValue: context, variableValues: request.variables });
    }
    const key = `${queryHash}:${operationName ?? ''}`;
    let query = compiled.get(key);
    if (query === undefined) {
      query = compileQuery(schema, document, operationName ?? undefined);
      // Least recently compiled out first: a Map iterates in insertion order.
      if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value!);
      compiled.set(key, query);
    }
    if (!isCompiledQuery(query)) return query;
    const result = await query.query(undefined, context, request.variables);
    if (!result.errors) return result;
    if (result.data === undefined) {
      // No data: the variables did not coerce. graphql-js says why in the words of the scalar
      // or enum that refused the value, and marks the error so that Apollo answers 400
      // BAD_USER_INPUT; graphql-jit's own messages lose the reason.
      const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {});
      if (coerced.errors) return { errors: coerced.errors };
    }
    return { ...result, errors: result.errors.map(upstreamError) };
  };

  return {
    async load() {
      return { executor };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => {};
    },
    async stop() {},
  };
}

/**
 * graphql-jit's errors imitate graphql-js's but leave `extensions` undefined when the cause was
 * not a GraphQLError, which Apollo's error formatting does not expect. Rebuilt as graphql-js
 * errors they keep their message, path, locations and cause.
 */
function upstreamError(error: GraphQLError): GraphQLError {
  const rebuilt = new GraphQLError(error.message, {
    path: error.path,
    originalError: error.originalError ?? undefined,
    extensions: error.extensions ?? undefined,
  });
  (rebuilt as { locations?: GraphQLError['locations'] }).locations = error.locations;
  return rebuilt;
}
