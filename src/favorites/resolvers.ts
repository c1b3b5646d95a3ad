/**
 * Resolvers of saved places.
 */
import { GraphQLError } from 'graphql';
import { badUserInput, notFound } from '../errors.js';
import type { AccountRow } from '../../db/schema.js';
import type { Context } from '../context.js';
import type { FavoriteResolvers, MutationResolvers } from '../generated/graphql.js';
import { fromGlobalId, toGlobalId, type NodeType } from '../ids.js';
import { requireViewer } from '../accounts/viewer.js';
import { cleanText } from '../text.js';
import type { FavoriteModel } from './loaders.js';
import { addFavorite, moveFavorite, removeFavorite } from './store.js';

/**
 * What the favorite mutations answer: the changed favorite and the account, whose `favorites`
 * a client selects to have its normalized cache take the new list as it is.
 */
export interface AddFavoritePayloadModel {
  favorite: FavoriteModel;
  account: AccountRow;
}
export type MoveFavoritePayloadModel = AddFavoritePayloadModel;
export interface RemoveFavoritePayloadModel {
  removedFavoriteId: string;
  account: AccountRow;
}

const MAX_LABEL_LENGTH = 50;

function keyOf(id: string, type: NodeType, argumentName: string): number {
  const parsed = fromGlobalId(id);
  if (!parsed || parsed.type !== type) throw badUserInput(`${argumentName} must be a ${type} ID, got "${id}"`, argumentName);
  return parsed.key;
}

export const favoriteMutations: Pick<MutationResolvers, 'addFavorite' | 'removeFavorite' | 'moveFavorite'> = {
  async addFavorite(_root, { input }, context) {
    const { auth, db, now, loaders, services } = context;
    const { account } = requireViewer(auth);
    const label = cleanText(input.label ?? '', 'label', MAX_LABEL_LENGTH);
    const place = await loaders.locations.byId.load(keyOf(input.locationId, 'Location', 'locationId'));
    if (!place) throw notFound(`No location has the ID "${input.locationId}"`);
    // A saved place has its forecast ready: reading its current hour fills it if missing. A
    // client past its fill budget still saves the place; its forecast fills when next read.
    await loaders.forecasts.current(place).catch((error: unknown) => {
      if (!(error instanceof GraphQLError && error.extensions.code === 'RATE_LIMITED')) throw error;
    });
    const favorite = addFavorite(db, {
      accountId: account.id,
      locationId: place.id,
      label,
      now,
      maxFavorites: services.config.maxFavorites,
    });
    changed(context, account);
    return { favorite: { ...favorite, location: place }, account };
  },

  removeFavorite(_root, { id }, context) {
    const { account } = requireViewer(context.auth);
    removeFavorite(context.db, account.id, keyOf(id, 'Favorite', 'id'), id);
    changed(context, account);
    return { removedFavoriteId: id, account };
  },

  moveFavorite(_root, { id, position }, context) {
    const { account } = requireViewer(context.auth);
    const key = keyOf(id, 'Favorite', 'id');
    const favorites = moveFavorite(context.db, account.id, key, id, position);
    for (const { location } of favorites) context.loaders.locations.byId.prime(location.id, location);
    changed(context, account, favorites);
    return { favorite: favorites.find((favorite) => favorite.id === key)!, account };
  },
};

/**
 * Forgets what this request's loaders read of the account's favorites before a change, so that
 * the payload's `account { favorites }`, and any later mutation field of the same request,
 * read the list as it is now (or take `now`, when the change already read it).
 */
function changed({ loaders }: Context, account: AccountRow, now?: FavoriteModel[]): void {
  loaders.favorites.byId.clearAll();
  loaders.favorites.ofAccount.clear(account.id);
  if (now) loaders.favorites.ofAccount.prime(account.id, now);
}

export const Favorite: FavoriteResolvers = {
  id: (favorite) => toGlobalId('Favorite', favorite.id),
};
