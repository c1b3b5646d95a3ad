/**
 * Saved places and their mutations. Each mutation selects the account's whole list (`SavedPlaces`),
 * so the normalized cache replaces `me.favorites` with the server's new order and every query
 * watching it re-renders, with no cache code of our own.
 */
import { graphql } from '../gql/index.js';

export const FavoriteFields = graphql(`
  fragment FavoriteFields on Favorite {
    id
    position
    label
    location {
      id
      name
    }
  }
`);

export const SavedPlaces = graphql(`
  fragment SavedPlaces on Account {
    id
    favorites {
      ...FavoriteFields
    }
  }
`);

export const AddFavorite = graphql(`
  mutation AddFavorite($input: AddFavoriteInput!) {
    addFavorite(input: $input) {
      favorite {
        ...FavoriteFields
      }
      account {
        ...SavedPlaces
      }
    }
  }
`);

export const MoveFavorite = graphql(`
  mutation MoveFavorite($id: ID!, $position: Int!) {
    moveFavorite(id: $id, position: $position) {
      favorite {
        ...FavoriteFields
      }
      account {
        ...SavedPlaces
      }
    }
  }
`);

export const RemoveFavorite = graphql(`
  mutation RemoveFavorite($id: ID!) {
    removeFavorite(id: $id) {
      removedFavoriteId
      account {
        ...SavedPlaces
      }
    }
  }
`);
