/**
 * Resolvers of places: lookup by id, search, and the connection types.
 */
import type { LocationConnectionResolvers, LocationEdgeResolvers, LocationResolvers, QueryResolvers } from '../generated/graphql.js';
import { badUserInput, notFound } from '../errors.js';
import { fromGlobalId, toGlobalId } from '../ids.js';
import { findLocations } from './search.js';

export const locationQueries: Pick<QueryResolvers, 'location' | 'locations'> = {
  async location(_root, { id }, { loaders }) {
    const parsed = fromGlobalId(id);
    if (!parsed || parsed.type !== 'Location') throw badUserInput(`id must be a Location ID, got "${id}"`, 'id');
    const row = await loaders.locations.byId.load(parsed.key);
    if (!row) throw notFound(`No location has the ID "${id}"`);
    return row;
  },
  locations: (_root, args, { db, loaders }) => findLocations(db, loaders.locations, args),
};

// Node's ICU has every region's English name: no table to keep.
const countryNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });

export const Location: LocationResolvers = {
  id: (place) => toGlobalId('Location', place.id),
  countryName: (place) => countryNames.of(place.countryCode) ?? place.countryCode,
  population: (place) => place.population,
  elevation: (place) => place.elevationM,
  distanceKm: (place) => roundedKm(place.distanceKm),
};

export const LocationEdge: LocationEdgeResolvers = {
  // The node of a `near` search's edge carries the distance this search measured.
  distanceKm: (edge) => roundedKm(edge.node.distanceKm),
  matchedName: (edge) => edge.matchedName ?? null,
};

// Rounded to 10 m: more digits would only repeat the spherical-Earth error.
const roundedKm = (km: number | undefined) => (km === undefined ? null : Math.round(km * 100) / 100);

export const LocationConnection: LocationConnectionResolvers = {
  edges: async (connection) => (await connection.page()).edges,
  nodes: async (connection) => (await connection.page()).edges.map((edge) => edge.node),
  totalCount: (connection) => connection.totalCount(),
  async pageInfo(connection) {
    const { edges, hasNextPage } = await connection.page();
    return {
      hasNextPage,
      hasPreviousPage: connection.hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    };
  },
};
