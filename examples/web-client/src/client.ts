/**
 * The Apollo Client the page uses: a normalized cache with the project's type policies, the
 * bearer token of the session on every request, and either the document text (development) or
 * only the persisted document id (a production server with TRUSTED_DOCUMENTS).
 */
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { typePolicies } from './cache-policies.js';
import { documentIdHttpLink } from './document-ids.js';
import type { Session } from './session.js';

export interface ClientOptions {
  /** The GraphQL endpoint, e.g. `http://127.0.0.1:4000/graphql`. */
  apiUrl: string;
  /** `text` sends each document's text, `id` only its persisted id (see document-ids.ts). */
  documents: 'text' | 'id';
  session: Session;
  /** The fetch to send requests with; the global one by default. */
  fetch?: typeof fetch;
}

/** A client for one page (or one test): its own cache, sending as `options` say. */
export function createClient(options: ClientOptions): ApolloClient {
  const http: HttpLink.Options = { uri: options.apiUrl, ...(options.fetch ? { fetch: options.fetch } : {}) };
  const auth = new SetContextLink(({ headers }) => {
    const token = options.session.token();
    return token ? { headers: { ...headers, authorization: `Bearer ${token}` } } : {};
  });
  const transport = options.documents === 'id' ? documentIdHttpLink(http) : new HttpLink(http);
  return new ApolloClient({ cache: new InMemoryCache({ typePolicies }), link: ApolloLink.from([auth, transport]) });
}
