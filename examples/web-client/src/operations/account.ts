/** The person's account: sign-up, log-in, log-out, who is logged in, and their unit preferences. */
import { graphql } from '../gql/index.js';

export const PreferencesFields = graphql(`
  fragment PreferencesFields on Preferences {
    temperatureUnit
    windSpeedUnit
    precipitationUnit
  }
`);

export const SessionFields = graphql(`
  fragment SessionFields on AuthPayload {
    token
    expiresAt
    account {
      id
      email
      displayName
    }
  }
`);

export const SignUp = graphql(`
  mutation SignUp($input: SignUpInput!) {
    signUp(input: $input) {
      ...SessionFields
    }
  }
`);

export const LogIn = graphql(`
  mutation LogIn($input: LogInInput!) {
    logIn(input: $input) {
      ...SessionFields
    }
  }
`);

export const LogOut = graphql(`
  mutation LogOut {
    logOut
  }
`);

export const Viewer = graphql(`
  query Viewer {
    me {
      id
      email
      displayName
      preferences {
        ...PreferencesFields
      }
      ...SavedPlaces
    }
  }
`);

// Selecting the account's id with its preferences lets the cache update `me` in place.
export const UpdatePreferences = graphql(`
  mutation UpdatePreferences($input: PreferencesInput!) {
    updatePreferences(input: $input) {
      id
      preferences {
        ...PreferencesFields
      }
    }
  }
`);
