/** Places: search by name, places near a point (each edge with its distance), one place's forecast. */
import { graphql } from '../gql/index.js';

// Temperatures are asked in an explicit unit, so that a normalized cache keeps one entry per unit
// and switching units never shows a number cached in the other one.
export const PlaceSummary = graphql(`
  fragment PlaceSummary on Location {
    id
    name
    countryCode
    current {
      time
      temperature(unit: $temperatureUnit)
      condition
    }
  }
`);

export const SearchPlaces = graphql(`
  query SearchPlaces($search: String!, $first: Int = 10, $after: String, $temperatureUnit: TemperatureUnit) {
    locations(search: $search, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        matchedName
        node {
          ...PlaceSummary
        }
      }
    }
  }
`);

export const NearbyPlaces = graphql(`
  query NearbyPlaces($near: GeoPointInput!, $first: Int = 10, $after: String, $temperatureUnit: TemperatureUnit) {
    locations(near: $near, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        distanceKm
        node {
          ...PlaceSummary
        }
      }
    }
  }
`);

export const PlaceForecast = graphql(`
  query PlaceForecast($id: ID!, $temperatureUnit: TemperatureUnit, $windSpeedUnit: WindSpeedUnit, $precipitationUnit: PrecipitationUnit) {
    location(id: $id) {
      id
      name
      countryCode
      timezone
      current {
        time
        temperature(unit: $temperatureUnit)
        apparentTemperature(unit: $temperatureUnit)
        windSpeed(unit: $windSpeedUnit)
        precipitation(unit: $precipitationUnit)
        condition
      }
      hourly(hours: 24) {
        time
        temperature(unit: $temperatureUnit)
        precipitationProbability
        condition
      }
      daily(days: 7) {
        date
        temperatureMin(unit: $temperatureUnit)
        temperatureMax(unit: $temperatureUnit)
        precipitationSum(unit: $precipitationUnit)
        condition
        sunrise
        sunset
      }
      forecastSource {
        provider
        model
        issuedAt
      }
    }
  }
`);
