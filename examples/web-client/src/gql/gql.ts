/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment PreferencesFields on Preferences {\n    temperatureUnit\n    windSpeedUnit\n    precipitationUnit\n  }\n": typeof types.PreferencesFieldsFragmentDoc,
    "\n  fragment SessionFields on AuthPayload {\n    token\n    expiresAt\n    account {\n      id\n      email\n      displayName\n    }\n  }\n": typeof types.SessionFieldsFragmentDoc,
    "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      ...SessionFields\n    }\n  }\n": typeof types.SignUpDocument,
    "\n  mutation LogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      ...SessionFields\n    }\n  }\n": typeof types.LogInDocument,
    "\n  mutation LogOut {\n    logOut\n  }\n": typeof types.LogOutDocument,
    "\n  query Viewer {\n    me {\n      id\n      email\n      displayName\n      preferences {\n        ...PreferencesFields\n      }\n      ...SavedPlaces\n    }\n  }\n": typeof types.ViewerDocument,
    "\n  mutation UpdatePreferences($input: PreferencesInput!) {\n    updatePreferences(input: $input) {\n      id\n      preferences {\n        ...PreferencesFields\n      }\n    }\n  }\n": typeof types.UpdatePreferencesDocument,
    "\n  fragment FavoriteFields on Favorite {\n    id\n    position\n    label\n    location {\n      id\n      name\n    }\n  }\n": typeof types.FavoriteFieldsFragmentDoc,
    "\n  fragment SavedPlaces on Account {\n    id\n    favorites {\n      ...FavoriteFields\n    }\n  }\n": typeof types.SavedPlacesFragmentDoc,
    "\n  mutation AddFavorite($input: AddFavoriteInput!) {\n    addFavorite(input: $input) {\n      favorite {\n        ...FavoriteFields\n      }\n      account {\n        ...SavedPlaces\n      }\n    }\n  }\n": typeof types.AddFavoriteDocument,
    "\n  mutation MoveFavorite($id: ID!, $position: Int!) {\n    moveFavorite(id: $id, position: $position) {\n      favorite {\n        ...FavoriteFields\n      }\n      account {\n        ...SavedPlaces\n      }\n    }\n  }\n": typeof types.MoveFavoriteDocument,
    "\n  mutation RemoveFavorite($id: ID!) {\n    removeFavorite(id: $id) {\n      removedFavoriteId\n      account {\n        ...SavedPlaces\n      }\n    }\n  }\n": typeof types.RemoveFavoriteDocument,
    "\n  fragment PlaceSummary on Location {\n    id\n    name\n    countryCode\n    current {\n      time\n      temperature(unit: $temperatureUnit)\n      condition\n    }\n  }\n": typeof types.PlaceSummaryFragmentDoc,
    "\n  query SearchPlaces($search: String!, $first: Int = 10, $after: String, $temperatureUnit: TemperatureUnit) {\n    locations(search: $search, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        matchedName\n        node {\n          ...PlaceSummary\n        }\n      }\n    }\n  }\n": typeof types.SearchPlacesDocument,
    "\n  query NearbyPlaces($near: GeoPointInput!, $first: Int = 10, $after: String, $temperatureUnit: TemperatureUnit) {\n    locations(near: $near, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        distanceKm\n        node {\n          ...PlaceSummary\n        }\n      }\n    }\n  }\n": typeof types.NearbyPlacesDocument,
    "\n  query PlaceForecast($id: ID!, $temperatureUnit: TemperatureUnit, $windSpeedUnit: WindSpeedUnit, $precipitationUnit: PrecipitationUnit) {\n    location(id: $id) {\n      id\n      name\n      countryCode\n      timezone\n      current {\n        time\n        temperature(unit: $temperatureUnit)\n        apparentTemperature(unit: $temperatureUnit)\n        windSpeed(unit: $windSpeedUnit)\n        precipitation(unit: $precipitationUnit)\n        condition\n      }\n      hourly(hours: 24) {\n        time\n        temperature(unit: $temperatureUnit)\n        precipitationProbability\n        condition\n      }\n      daily(days: 7) {\n        date\n        temperatureMin(unit: $temperatureUnit)\n        temperatureMax(unit: $temperatureUnit)\n        precipitationSum(unit: $precipitationUnit)\n        condition\n        sunrise\n        sunset\n      }\n      forecastSource {\n        provider\n        model\n        issuedAt\n      }\n    }\n  }\n": typeof types.PlaceForecastDocument,
};
const documents: Documents = {
    "\n  fragment PreferencesFields on Preferences {\n    temperatureUnit\n    windSpeedUnit\n    precipitationUnit\n  }\n": types.PreferencesFieldsFragmentDoc,
    "\n  fragment SessionFields on AuthPayload {\n    token\n    expiresAt\n    account {\n      id\n      email\n      displayName\n    }\n  }\n": types.SessionFieldsFragmentDoc,
    "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      ...SessionFields\n    }\n  }\n": types.SignUpDocument,
    "\n  mutation LogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      ...SessionFields\n    }\n  }\n": types.LogInDocument,
    "\n  mutation LogOut {\n    logOut\n  }\n": types.LogOutDocument,
    "\n  query Viewer {\n    me {\n      id\n      email\n      displayName\n      preferences {\n        ...PreferencesFields\n      }\n      ...SavedPlaces\n    }\n  }\n": types.ViewerDocument,
    "\n  mutation UpdatePreferences($input: PreferencesInput!) {\n    updatePreferences(input: $input) {\n      id\n      preferences {\n        ...PreferencesFields\n      }\n    }\n  }\n": types.UpdatePreferencesDocument,
    "\n  fragment FavoriteFields on Favorite {\n    id\n    position\n    label\n    location {\n      id\n      name\n    }\n  }\n": types.FavoriteFieldsFragmentDoc,
    "\n  fragment SavedPlaces on Account {\n    id\n    favorites {\n      ...FavoriteFields\n    }\n  }\n": types.SavedPlacesFragmentDoc,
    "\n  mutation AddFavorite($input: AddFavoriteInput!) {\n    addFavorite(input: $input) {\n      favorite {\n        ...FavoriteFields\n      }\n      account {\n        ...SavedPlaces\n      }\n    }\n  }\n": types.AddFavoriteDocument,
    "\n  mutation MoveFavorite($id: ID!, $position: Int!) {\n    moveFavorite(id: $id, position: $position) {\n      favorite {\n        ...FavoriteFields\n      }\n      account {\n        ...SavedPlaces\n      }\n    }\n  }\n": types.MoveFavoriteDocument,
    "\n  mutation RemoveFavorite($id: ID!) {\n    removeFavorite(id: $id) {\n      removedFavoriteId\n      account {\n        ...SavedPlaces\n      }\n    }\n  }\n": types.RemoveFavoriteDocument,
    "\n  fragment PlaceSummary on Location {\n    id\n    name\n    countryCode\n    current {\n      time\n      temperature(unit: $temperatureUnit)\n      condition\n    }\n  }\n": types.PlaceSummaryFragmentDoc,
    "\n  query SearchPlaces($search: String!, $first: Int = 10, $after: String, $temperatureUnit: TemperatureUnit) {\n    locations(search: $search, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        matchedName\n        node {\n          ...PlaceSummary\n        }\n      }\n    }\n  }\n": types.SearchPlacesDocument,
    "\n  query NearbyPlaces($near: GeoPointInput!, $first: Int = 10, $after: String, $temperatureUnit: TemperatureUnit) {\n    locations(near: $near, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        distanceKm\n        node {\n          ...PlaceSummary\n        }\n      }\n    }\n  }\n": types.NearbyPlacesDocument,
    "\n  query PlaceForecast($id: ID!, $temperatureUnit: TemperatureUnit, $windSpeedUnit: WindSpeedUnit, $precipitationUnit: PrecipitationUnit) {\n    location(id: $id) {\n      id\n      name\n      countryCode\n      timezone\n      current {\n        time\n        temperature(unit: $temperatureUnit)\n        apparentTemperature(unit: $temperatureUnit)\n        windSpeed(unit: $windSpeedUnit)\n        precipitation(unit: $precipitationUnit)\n        condition\n      }\n      hourly(hours: 24) {\n        time\n        temperature(unit: $temperatureUnit)\n        precipitationProbability\n        condition\n      }\n      daily(days: 7) {\n        date\n        temperatureMin(unit: $temperatureUnit)\n        temperatureMax(unit: $temperatureUnit)\n        precipitationSum(unit: $precipitationUnit)\n        condition\n        sunrise\n        sunset\n      }\n      forecastSource {\n        provider\n        model\n        issuedAt\n      }\n    }\n  }\n": types.PlaceForecastDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PreferencesFields on Preferences {\n    temperatureUnit\n    windSpeedUnit\n    precipitationUnit\n  }\n"): (typeof documents)["\n  fragment PreferencesFields on Preferences {\n    temperatureUnit\n    windSpeedUnit\n    precipitationUnit\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SessionFields on AuthPayload {\n    token\n    expiresAt\n    account {\n      id\n      email\n      displayName\n    }\n  }\n"): (typeof documents)["\n  fragment SessionFields on AuthPayload {\n    token\n    expiresAt\n    account {\n      id\n      email\n      displayName\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      ...SessionFields\n    }\n  }\n"): (typeof documents)["\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      ...SessionFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      ...SessionFields\n    }\n  }\n"): (typeof documents)["\n  mutation LogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      ...SessionFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LogOut {\n    logOut\n  }\n"): (typeof documents)["\n  mutation LogOut {\n    logOut\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Viewer {\n    me {\n      id\n      email\n      displayName\n      preferences {\n        ...PreferencesFields\n      }\n      ...SavedPlaces\n    }\n  }\n"): (typeof documents)["\n  query Viewer {\n    me {\n      id\n      email\n      displayName\n      preferences {\n        ...PreferencesFields\n      }\n      ...SavedPlaces\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdatePreferences($input: PreferencesInput!) {\n    updatePreferences(input: $input) {\n      id\n      preferences {\n        ...PreferencesFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdatePreferences($input: PreferencesInput!) {\n    updatePreferences(input: $input) {\n      id\n      preferences {\n        ...PreferencesFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment FavoriteFields on Favorite {\n    id\n    position\n    label\n    location {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  fragment FavoriteFields on Favorite {\n    id\n    position\n    label\n    location {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SavedPlaces on Account {\n    id\n    favorites {\n      ...FavoriteFields\n    }\n  }\n"): (typeof documents)["\n  fragment SavedPlaces on Account {\n    id\n    favorites {\n      ...FavoriteFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddFavorite($input: AddFavoriteInput!) {\n    addFavorite(input: $input) {\n      favorite {\n        ...FavoriteFields\n      }\n      account {\n        ...SavedPlaces\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation AddFavorite($input: AddFavoriteInput!) {\n    addFavorite(input: $input) {\n      favorite {\n        ...FavoriteFields\n      }\n      account {\n        ...SavedPlaces\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MoveFavorite($id: ID!, $position: Int!) {\n    moveFavorite(id: $id, position: $position) {\n      favorite {\n        ...FavoriteFields\n      }\n      account {\n        ...SavedPlaces\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation MoveFavorite($id: ID!, $position: Int!) {\n    moveFavorite(id: $id, position: $position) {\n      favorite {\n        ...FavoriteFields\n      }\n      account {\n        ...SavedPlaces\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveFavorite($id: ID!) {\n    removeFavorite(id: $id) {\n      removedFavoriteId\n      account {\n        ...SavedPlaces\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RemoveFavorite($id: ID!) {\n    removeFavorite(id: $id) {\n      removedFavoriteId\n      account {\n        ...SavedPlaces\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PlaceSummary on Location {\n    id\n    name\n    countryCode\n    current {\n      time\n      temperature(unit: $temperatureUnit)\n      condition\n    }\n  }\n"): (typeof documents)["\n  fragment PlaceSummary on Location {\n    id\n    name\n    countryCode\n    current {\n      time\n      temperature(unit: $temperatureUnit)\n      condition\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SearchPlaces($search: String!, $first: Int = 10, $after: String, $temperatureUnit: TemperatureUnit) {\n    locations(search: $search, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        matchedName\n        node {\n          ...PlaceSummary\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query SearchPlaces($search: String!, $first: Int = 10, $after: String, $temperatureUnit: TemperatureUnit) {\n    locations(search: $search, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        matchedName\n        node {\n          ...PlaceSummary\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NearbyPlaces($near: GeoPointInput!, $first: Int = 10, $after: String, $temperatureUnit: TemperatureUnit) {\n    locations(near: $near, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        distanceKm\n        node {\n          ...PlaceSummary\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query NearbyPlaces($near: GeoPointInput!, $first: Int = 10, $after: String, $temperatureUnit: TemperatureUnit) {\n    locations(near: $near, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        distanceKm\n        node {\n          ...PlaceSummary\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PlaceForecast($id: ID!, $temperatureUnit: TemperatureUnit, $windSpeedUnit: WindSpeedUnit, $precipitationUnit: PrecipitationUnit) {\n    location(id: $id) {\n      id\n      name\n      countryCode\n      timezone\n      current {\n        time\n        temperature(unit: $temperatureUnit)\n        apparentTemperature(unit: $temperatureUnit)\n        windSpeed(unit: $windSpeedUnit)\n        precipitation(unit: $precipitationUnit)\n        condition\n      }\n      hourly(hours: 24) {\n        time\n        temperature(unit: $temperatureUnit)\n        precipitationProbability\n        condition\n      }\n      daily(days: 7) {\n        date\n        temperatureMin(unit: $temperatureUnit)\n        temperatureMax(unit: $temperatureUnit)\n        precipitationSum(unit: $precipitationUnit)\n        condition\n        sunrise\n        sunset\n      }\n      forecastSource {\n        provider\n        model\n        issuedAt\n      }\n    }\n  }\n"): (typeof documents)["\n  query PlaceForecast($id: ID!, $temperatureUnit: TemperatureUnit, $windSpeedUnit: WindSpeedUnit, $precipitationUnit: PrecipitationUnit) {\n    location(id: $id) {\n      id\n      name\n      countryCode\n      timezone\n      current {\n        time\n        temperature(unit: $temperatureUnit)\n        apparentTemperature(unit: $temperatureUnit)\n        windSpeed(unit: $windSpeedUnit)\n        precipitation(unit: $precipitationUnit)\n        condition\n      }\n      hourly(hours: 24) {\n        time\n        temperature(unit: $temperatureUnit)\n        precipitationProbability\n        condition\n      }\n      daily(days: 7) {\n        date\n        temperatureMin(unit: $temperatureUnit)\n        temperatureMax(unit: $temperatureUnit)\n        precipitationSum(unit: $precipitationUnit)\n        condition\n        sunrise\n        sunset\n      }\n      forecastSource {\n        provider\n        model\n        issuedAt\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;