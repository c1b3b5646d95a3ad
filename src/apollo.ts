/**
 * The Apollo Server: schema, resolvers and the settings that differ between development
 * (Sandbox, introspection, stack traces) and production (none of them, internal errors masked).
 */
import { readFileSync } from 'node:fs';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { unwrapResolverError } from '@apollo/server/errors';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import { cachePolicy } from './cache-policy.js';
import type { Context } from './context.js';
import { jitGateway } from './execution.js';
import { resolvers } from './resolvers.js';

// `npm run build` copies schema.graphql beside the compiled tree, so this holds in both.
export const typeDefs = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');

export interface ApolloOptions {
  production: boolean;
  logger: Logger;
  /** max-age of responses to public queries (cache-policy.ts); 0 marks none cacheable. */
  cacheMaxAgeSeconds: number;
  /** Who executes operations: graphql-jit (execution.ts), or graphql-js as stock Apollo does. */
  executor?: 'jit' | 'graphql-js';
}

/** An Apollo Server over the Skygraph schema, not yet started. */
export function createApollo({ production, logger, cacheMaxAgeSeconds, executor = 'jit' }: ApolloOptions): ApolloServer<Context> {
  return new ApolloServer<Context>({
    ...(executor === 'jit' ? { gateway: jitGateway(makeExecutableSchema({ typeDefs, resolvers })) } : { typeDefs, resolvers }),
    introspection: !production,
    includeStacktraceInErrorResponses: !production,
    // "Did you mean …?" suggestions would reveal the schema that introspection hides.
    hideSchemaDetailsFromClientErrors: production,
    csrfPrevention: true,
    plugins: [
      production ? ApolloServerPluginLandingPageDisabled() : ApolloServerPluginLandingPageLocalDefault({ embed: true }),
      logUnexpectedErrors(logger),
      cachePolicy(cacheMaxAgeSeconds),
      // The schema sets no cache hints; left on, the plugin wraps every field's resolver (about
      // 10 % of a 50-place forecast request's time in the benchmark's profile).
      ApolloServerPluginCacheControlDisabled(),
    ],
    formatError(formatted) {
      if (production && formatted.extensions?.code === 'INTERNAL_SERVER_ERROR') {
        // Where it happened helps the client; what happened (SQL, file names) is for our logs.
        return { ...formatted, message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
      }
      return formatted;
    },
  });
}

/** Errors that are not a deliberate GraphQLError are bugs: log them whole, server-side only. */
function logUnexpectedErrors(logger: Logger): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, operationName }) {
          for (const error of errors) {
            const cause = unwrapResolverError(error);
            if (!(cause instanceof GraphQLError)) logger.error({ err: cause, operationName, path: error.path }, 'unexpected error');
          }
        },
      };
    },
  };
}
