/**
 * How a normalized cache (Apollo Client's InMemoryCache) must treat Skygraph's types, and when it
 * must be emptied. tests/client/apollo-cache.test.ts drives Apollo Client through search, log-in,
 * favorites and preferences and checks after every step that the cache answers what the server
 * does; urql's Graphcache takes the same rules (tests/client/urql-cache.test.ts).
 *
 * Entities (`Location`, `Account`, `Favorite`) have an `id` and need nothing: the mutations
 * return the account with its `favorites`, which the cache takes as the new list.
 *
 * Forecast values have no identity of their own: an hour or a day belongs to its place, and
 * giving each of the 240 hours an id would only add bytes. They stay embedded in their place
 * (`keyFields: false`); two answers for the same hour (or day, or run) are merged field by
 * field, so that a query selecting fewer fields does not drop the others (Apollo's "Cache data
 * may be lost" warning), while an answer for another hour replaces the old one whole, so that no
 * object mixes the fields of two hours.
 */
import type { ApolloClient, FieldMergeFunction, Reference, StoreObject, TypePolicies } from '@apollo/client';

/** Merges two answers about the same `key` value (an hour's `time`, a day's `date`), else takes the new one. */
function mergeWhenSame(key: string): FieldMergeFunction {
  return (existing, incoming, { readField, mergeObjects }) =>
    existing && readField(key, existing) === readField(key, incoming) ? mergeObjects(existing, incoming) : incoming;
}

/**
 * The same for lists, item by item: a list field is replaced whole by default, which would drop
 * what another query asked of the same hours (say, their temperature in another unit).
 */
function mergeItemsWhenSame(key: string): FieldMergeFunction<readonly (StoreObject | Reference)[], readonly (StoreObject | Reference)[]> {
  return (existing, incoming, { readField, mergeObjects }) => {
    if (!existing) return incoming;
    const byKey = new Map(existing.map((item) => [readField(key, item), item]));
    return incoming.map((item) => {
      const known = byKey.get(readField(key, item));
      return known ? mergeObjects(known, item) : item;
    });
  };
}

export const typePolicies: TypePolicies = {
  Location: {
    fields: {
      hourly: { merge: mergeItemsWhenSame('time') },
      daily: { merge: mergeItemsWhenSame('date') },
    },
  },
  HourlyForecast: { keyFields: false, merge: mergeWhenSame('time') },
  DailyForecast: { keyFields: false, merge: mergeWhenSame('date') },
  ForecastSource: { keyFields: false, merge: mergeWhenSame('issuedAt') },
  // One per account, always about the same account: whatever is known is merged.
  Preferences: { keyFields: false, merge: true },
};

/**
 * The same for urql's Graphcache (`cacheExchange({ keys: graphcacheKeys })`): the types without an
 * `id` are embedded. Graphcache keeps each field of an embedded object separately, so it needs no
 * merge rule; its `keys` only say that these types have no key, not that one was forgotten.
 */
export const graphcacheKeys: Record<string, () => null> = Object.fromEntries(
  [
    'HourlyForecast',
    'DailyForecast',
    'ForecastSource',
    'Preferences',
    'LocationConnection',
    'LocationEdge',
    'PageInfo',
    'AuthPayload',
    'AddFavoritePayload',
    'MoveFavoritePayload',
    'RemoveFavoritePayload',
  ].map((type) => [type, () => null]),
);

/**
 * After signUp, logIn and logOut (call it once the new token is in place), everything cached was
 * answered for someone else: `me`, and every forecast field asked without a `unit` argument
 * (they answer in the viewer's units). `resetStore` forgets it all and asks the watched queries
 * again with the new token; `clearStore` would leave watched queries deaf to later answers
 * (seen with Apollo Client 4.3).
 */
export async function forgetEverything(client: ApolloClient): Promise<void> {
  await client.resetStore();
}

/**
 * After `updatePreferences`, fields asked without a `unit` argument answer in the new units: the
 * queries on screen that have such fields must be asked again. (This client's own operations pass
 * the units explicitly, so the cache keeps one entry per unit and nothing is stale; an app that
 * leaves them out calls this.)
 */
export async function refetchAfterUnitChange(client: ApolloClient): Promise<void> {
  await client.refetchQueries({ include: 'active' });
}
