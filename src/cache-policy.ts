/**
 * Which responses may be cached, said in the `cache-control` header: a query of public fields
 * only (places and their forecasts), sent without credentials and answered without errors is
 * `public, max-age=N`; everything else is `private, no-store`.
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

/** Sets `cache-control` on every GraphQL response; `maxAgeSeconds` 0 marks nothing public. */
export function cachePolicy(maxAgeSeconds: number): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ operation, contextValue, response, errors }) {
          const cacheable =
            maxAgeSeconds > 0 &&
            operation?.operation === 'query' &&
            onlyPublicRootFields(operation.selectionSet) &&
            !contextValue.auth.viewer &&
            !contextValue.auth.rejected &&
            !errors?.length &&
            response.body.kind === 'single' &&
            !response.body.singleResult.errors?.length;
          response.http.headers.set('cache-control', cacheable ? `public, max-age=${maxAgeSeconds}` : 'private, no-store');
        },
      };
    },
  };
}
