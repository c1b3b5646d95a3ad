/**
 * Resolvers of saved places.
 */
import { GraphQLError } from 'graphql';
import { badUserInput, notFound } from '../errors.js';
import type { FavoriteResolvers, MutationResolvers } from '../generated/graphql.js';
import { fromGlobalId, toGlobalId, type NodeType } from '../ids.js';
import { requireViewer } from '../accounts/viewer.js';
import { cleanText } from '../text.js';
import { addFavorite, moveFavorite, removeFavorite } from './store.js';

const MAX_LABEL_LENGTH = 50;

function keyOf(id: string, type: NodeType, argumentName: string): number {
  const parsed = fromGlobalId(id);
  if (!parsed || parsed.type !== type) throw badUserInput(`${argumentName} must be a ${type} ID, got "${id}"`, argumentName);
  return parsed.key;
}

export const favoriteMutations: Pick<MutationResolvers, 'addFavorite' | 'removeFavorite' | 'moveFavorite'> = {
  async addFavorite(_root, { input }, { auth, db, now, loaders, services }) {
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
    return { ...favorite, location: place };
  },

  removeFavorite(_root, { id }, { auth, db }) {
    removeFavorite(db, requireViewer(auth).account.id, keyOf(id, 'Favorite', 'id'), id);
    return true;
  },

  moveFavorite(_root, { id, position }, { auth, db, loaders }) {
    const favorites = moveFavorite(db, requireViewer(auth).account.id, keyOf(id, 'Favorite', 'id'), id, position);
    for (const { location } of favorites) loaders.locations.byId.prime(location.id, location);
    return favorites;
  },
};

export const Favorite: FavoriteResolvers = {
  id: (favorite) => toGlobalId('Favorite', favorite.id),
};
