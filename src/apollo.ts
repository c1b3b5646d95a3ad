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
import { defaults, type QueryLimits } from './config.js';
import { publicReadsOnly } from './cors.js';
import { jitGateway } from './execution.js';
import { queryLimits } from './query-limits.js';
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
  /** Limits on one operation (query-limits.ts); the defaults when left out. */
  limits?: QueryLimits;
  /** The cap on saved places, which the cost of `favorites` multiplies by. */
  maxFavorites?: number;
}

/** An Apollo Server over the Skygraph schema, not yet started. */
export function createApollo({
  production,
  logger,
  cacheMaxAgeSeconds,
  executor = 'jit',
  limits = defaults.limits,
  maxFavorites = defaults.maxFavorites,
}: ApolloOptions): ApolloServer<Context> {
  const schema = makeExecutableSchema({ typeDefs, resolvers });
  return new ApolloServer<Context>({
    ...(executor === 'jit' ? { gateway: jitGateway(schema) } : { schema }),
    // The parser stops at this many tokens: a huge document is refused before it is a tree.
    parseOptions: { maxTokens: limits.maxTokens },
    introspection: !production,
    includeStacktraceInErrorResponses: !production,
    // "Did you mean …?" suggestions would reveal the schema that introspection hides.
    hideSchemaDetailsFromClientErrors: production,
    csrfPrevention: true,
    // main.ts owns shutdown: Apollo's handler would re-raise the signal (exit 143) before the
    // database is closed and the last log line written.
    stopOnTerminationSignals: false,
    plugins: [
      production ? ApolloServerPluginLandingPageDisabled() : ApolloServerPluginLandingPageLocalDefault({ embed: true }),
      logUnexpectedErrors(logger),
      publicReadsOnly(),
      queryLimits(schema, limits, maxFavorites),
      cachePolicy(cacheMaxAgeSeconds),
      // The schema sets no cache hints; left on, the plugin wraps every field's resolver (about
      // 10 % of a 50-place forecast request's time in the benchmark's profile).
      ApolloServerPluginCacheControlDisabled(),
    ],
    formatError(formatted, error) {
      // Apollo's own refusals that carry an HTTP 4xx but no code (an APQ hash that does not
      // match its query) are the client's mistake, not an internal error.
      const status = error instanceof GraphQLError ? (error.extensions.http as { status?: number } | undefined)?.status : undefined;
      if (formatted.extensions?.code === 'INTERNAL_SERVER_ERROR' && status !== undefined && status >= 400 && status < 500) {
        return { ...formatted, extensions: { ...formatted.extensions, code: 'BAD_REQUEST' } };
      }
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
    async unexpectedErrorProcessingRequest({ error }) {
      logger.error({ err: error }, 'unexpected error processing a request');
    },
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
