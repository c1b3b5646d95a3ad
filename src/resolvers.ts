/**
 * The resolver map: each domain's resolvers, merged type by type.
 */
import { Account, accountMutations, accountQueries, AuthPayload } from './accounts/resolvers.js';
import { Favorite, favoriteMutations } from './favorites/resolvers.js';
import type { Resolvers } from './generated/graphql.js';
import { DailyForecast, ForecastSource, HourlyForecast, LocationForecasts } from './forecasts/resolvers.js';
import { Location, LocationConnection, LocationEdge, locationQueries } from './locations/resolvers.js';
import { Node, nodeQueries } from './node.js';
import { Date, DateTime } from './scalars.js';

export const resolvers: Resolvers = {
  DateTime,
  Date,
  Query: { ...nodeQueries, ...locationQueries, ...accountQueries },
  Mutation: { ...accountMutations, ...favoriteMutations },
  Node,
  Location: { ...Location, ...LocationForecasts },
  LocationConnection,
  LocationEdge,
  HourlyForecast,
  DailyForecast,
  ForecastSource,
  Account,
  AuthPayload,
  Favorite,
};
