/**
 * Skygraph's schema, resolvers and context (real loaders) under Fastify 5 + Mercurius 16 with
 * graphql-jit: each query document is compiled to JavaScript after its first run.
 */
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { NoSchemaIntrospectionCustomRule } from 'graphql';
import mercurius, { type IResolvers } from 'mercurius';
import { typeDefs } from '../../../src/apollo.js';
import { createContext } from '../../../src/context.js';
import { resolvers } from '../../../src/resolvers.js';
import { queryNames } from '../fixture.js';
import type { Contender } from './contender.js';
import { benchServices } from './services.js';

/**
 * Mercurius builds the schema from SDL and attaches resolvers itself: an interface's type
 * resolver is read from `resolveType`, not graphql-tools' `__resolveType`. Scalars are
 * GraphQLScalarType instances, whose properties it copies onto the schema's scalar. The cast:
 * Mercurius's `IResolvers` types every context as its own `MercuriusContext` and has no slot for
 * the `resolveType` its runtime reads.
 */
const mercuriusResolvers = { ...resolvers, Node: { resolveType: resolvers.Node!.__resolveType } } as unknown as IResolvers;

/**
 * Apollo Server's serialization, so that bodies compare byte for byte: `errors`, `data`,
 * `extensions` in that order and a trailing newline (Fastify writes the object as it is).
 */
function apolloSerialization(payload: unknown): string {
  if (payload && typeof payload === 'object' && ('data' in payload || 'errors' in payload)) {
    const { errors, data, extensions } = payload as Record<string, unknown>;
    return `${JSON.stringify({ errors, data, extensions })}\n`;
  }
  return JSON.stringify(payload);
}

/**
 * Mercurius caches parsed documents and their graphql-jit compilations by query text alone, and
 * compiles for the operation of the request that happened to trigger compilation: after that, a
 * document holding several operations (W1's add, move and remove) runs that one operation
 * whatever `operationName` asks for, so a "remove" moved the favorite instead (mercurius 16.10.1).
 * Appending the operation name as a comment gives each operation its own cache entry without
 * changing what the document means; only a valid GraphQL name is appended, so nothing can be
 * injected into the document.
 */
function keyCacheByOperation(request: { body?: unknown; query?: unknown }): void {
  for (const params of [request.body, request.query]) {
    if (!params || typeof params !== 'object' || Array.isArray(params)) continue;
    const { query, operationName } = params as { query?: unknown; operationName?: unknown };
    if (typeof query === 'string' && typeof operationName === 'string' && /^[_A-Za-z][_0-9A-Za-z]*$/.test(operationName)) {
      (params as { query: string }).query = `${query}\n# operation ${operationName}`;
    }
  }
}

const contender: Contender = {
  name: 'mercurius',
  description: "Skygraph's schema, resolvers and loaders under Fastify 5 + Mercurius 16 with graphql-jit (no introspection)",
  queries: queryNames,
  async start(options) {
    const { port, host } = options;
    const { database, services } = benchServices(options);

    const app = Fastify({ logger: false, bodyLimit: services.config.bodyLimitBytes, requestTimeout: 30_000 });
    app.setReplySerializer(apolloSerialization);
    app.addHook('preHandler', async (request) => keyCacheByOperation(request));
    await app.register(mercurius, {
      schema: typeDefs,
      resolvers: mercuriusResolvers,
      path: '/graphql',
      graphiql: false,
      jit: 1,
      validationRules: [NoSchemaIntrospectionCustomRule],
      // Mercurius then adds `reply`, `app`, `pubsub` and its hooks to this same object; no
      // Skygraph field shares a name with them, and a resolver's write (`context.units`) stays
      // visible to the fields after it because every resolver gets this one object.
      context: (request) => createContext(services, { authorization: request.headers.authorization, clientAddress: request.ip }),
    });
    await app.listen({ port, host });
    const { port: bound } = app.server.address() as AddressInfo;
    return {
      url: `http://${host}:${bound}/graphql`,
      async close() {
        await app.close();
        database.sqlite.close();
      },
    };
  },
};

export default contender;
