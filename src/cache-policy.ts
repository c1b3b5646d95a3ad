/**
 * Which responses may be cached. A query answered without errors may be kept: for everyone
 * (`public`) when it reads public fields only (places and their forecasts) and comes without
 * credentials; for everyone who prefers the same units (`units`) when it reads public fields
 * only and comes with valid credentials, since a place's forecast differs between people only
 * in the units it is given in; or for the viewer's account alone (`viewer`) when it reads
 * anything of theirs.
 * The `cache-control` header says `public, max-age=N` for the first and `private, no-store`
 * for everything else: a browser must not keep a person's data past their next change, and a
 * request that carries credentials is never answered `public`.
 *
 * Answers depend on the current hour (and local days begin on quarter hours in some zones), so
 * max-age never reaches past the current quarter hour. `Vary` names every request header the
 * answer depends on, so that a shared cache never gives an anonymous metric answer to a
 * logged-in person whose units are Fahrenheit.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type SelectionSetNode } from 'graphql';
import type { Context } from './context.js';

/** Root fields whose answers are the same for every anonymous caller. */
const PUBLIC_ROOT_FIELDS = new Set(['location', 'locations', '__typename']);

function onlyPublicRootFields(selectionSet: SelectionSetNode): boolean {
  return selectionSet.selections.every((selection) =>
    selection.kind === Kind.FIELD
      ? PUBLIC_ROOT_FIELDS.has(selection.name.value)
      : selection.kind === Kind.INLINE_FRAGMENT && onlyPublicRootFields(selection.selectionSet),
  );
}

export type CacheScope = 'public' | 'units' | 'viewer';

const QUARTER_HOUR = 900;

/** How long an answer given at `now` (unix seconds) may be kept: `maxAgeSeconds`, bounded by the quarter hour's end. */
export function cacheSecondsAt(maxAgeSeconds: number, now: number): number {
  return Math.min(maxAgeSeconds, QUARTER_HOUR - (now % QUARTER_HOUR));
}

/** The request headers a GraphQL answer depends on: credentials (units, private data), the negotiated media type and the calling page (CORS). */
export const VARY = 'Authorization, Accept, Origin';

/** Sets `context.cache.scope` and `cache-control` on every GraphQL response; `maxAgeSeconds` 0 caches nothing. */
export function cachePolicy(maxAgeSeconds: number): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ operation, contextValue, response, errors }) {
          const answered =
            maxAgeSeconds > 0 &&
            operation?.operation === 'query' &&
            !contextValue.auth.rejected &&
            !errors?.length &&
            response.body.kind === 'single' &&
            !response.body.singleResult.errors?.length;
          const publicFields = answered && onlyPublicRootFields(operation.selectionSet);
          contextValue.cache.scope = !answered
            ? null
            : contextValue.auth.viewer
              ? publicFields
                ? 'units'
                : 'viewer'
              : publicFields
                ? 'public'
                : null;
          response.http.headers.set(
            'cache-control',
            contextValue.cache.scope === 'public' && !contextValue.auth.viewer
              ? `public, max-age=${cacheSecondsAt(maxAgeSeconds, contextValue.now)}`
              : 'private, no-store',
          );
          response.http.headers.set('vary', VARY);
        },
      };
    },
  };
}
