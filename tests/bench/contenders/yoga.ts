/**
 * Skygraph's schema, resolvers and context (real loaders) under GraphQL Yoga 5 instead of Apollo
 * Server, served by node:http: what the server framework alone costs or saves.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NoSchemaIntrospectionCustomRule, type ExecutionResult } from 'graphql';
import { createSchema, createYoga, type Plugin } from 'graphql-yoga';
import { typeDefs } from '../../../src/apollo.js';
import { createContext, type Context } from '../../../src/context.js';
import { resolvers } from '../../../src/resolvers.js';
import { clientAddress } from '../../../src/server.js';
import { queryNames } from '../fixture.js';
import type { Contender } from './contender.js';
import { benchServices } from './services.js';

interface ServerContext {
  req: IncomingMessage;
}

/**
 * Apollo Server's serialization, so that bodies compare byte for byte: `errors`, `data`,
 * `extensions` in that order and a trailing newline (Yoga writes the result's own key order, no
 * newline). Yoga uses a result's `stringify` when it has one.
 */
const apolloSerialization: Plugin = {
  onExecutionResult({ result, setResult }) {
    if (!result || Symbol.asyncIterator in result) return;
    setResult({
      ...result,
      stringify: ({ errors, data, extensions }: ExecutionResult) => `${JSON.stringify({ errors, data, extensions })}\n`,
    });
  },
};

/** Introspection off, as in Skygraph's production configuration. */
const noIntrospection: Plugin = {
  onValidate({ addValidationRule }) {
    addValidationRule(NoSchemaIntrospectionCustomRule);
  },
};

const contender: Contender = {
  name: 'yoga',
  description: "Skygraph's schema, resolvers and loaders under GraphQL Yoga 5 (masked errors, no introspection) on node:http",
  queries: queryNames,
  async start(options) {
    const { port, host } = options;
    const { database, services } = benchServices(options);
    const yoga = createYoga<ServerContext, Context>({
      schema: createSchema<ServerContext & Context>({ typeDefs, resolvers }),
      graphqlEndpoint: '/graphql',
      graphiql: false,
      landingPage: false,
      maskedErrors: true,
      logging: false,
      plugins: [noIntrospection, apolloSerialization],
      // Yoga merges this into its own context object, which every resolver then receives.
      context: ({ req }) =>
        createContext(services, {
          authorization: req.headers.authorization,
          clientAddress: clientAddress(req.socket.remoteAddress, undefined, 0),
        }),
    });

    const httpServer = createServer(yoga);
    httpServer.headersTimeout = 10_000;
    httpServer.requestTimeout = 30_000;
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(port, host, resolve);
    });
    const { port: bound } = httpServer.address() as AddressInfo;
    return {
      url: `http://${host}:${bound}/graphql`,
      async close() {
        await new Promise<void>((resolve) => {
          httpServer.close(() => resolve());
          httpServer.closeIdleConnections();
        });
        await yoga.dispose();
        database.sqlite.close();
      },
    };
  },
};

export default contender;
