/**
 * Persisted documents, as the GraphQL-over-HTTP spec's appendix has them: a request carries the
 * id of a document the server already knows, `{ documentId, operationName, variables }`, and no
 * `query`. A server started with TRUSTED_DOCUMENTS runs only those documents, so nothing else
 * can be sent to it.
 *
 * The id is the `sha256:<hex>` that codegen embeds in each generated document (`__meta__.hash`);
 * src/gql/persisted-documents.json maps each id to the exact text the server runs (with the
 * `__typename`s the cache needs, see add-typename.cjs). The documents keep their definitions
 * (the preset's `embedHashInDocument` mode): Apollo's cache reads and writes by them.
 */
import { ApolloLink, HttpLink } from '@apollo/client';
import { throwError } from 'rxjs';

/** The id codegen gave a document, or undefined for a document it did not generate. */
export function documentIdOf(document: object): string | undefined {
  return (document as { __meta__?: { hash?: unknown } }).__meta__?.hash as string | undefined;
}

/** A terminating link that sends each operation's document id instead of its text. */
export function documentIdHttpLink(options: HttpLink.Options): ApolloLink {
  const attachId = new ApolloLink((operation, forward) => {
    const documentId = documentIdOf(operation.query);
    if (documentId === undefined) {
      return throwError(
        () =>
          new Error(
            `${operation.operationName ?? 'An anonymous operation'} has no document id: write it with graphql() from src/gql and run npm run codegen`,
          ),
      );
    }
    // HttpLink has no field for the id: it travels in `extensions` to sendDocumentId below.
    operation.extensions = { ...operation.extensions, documentId };
    operation.setContext({ http: { includeQuery: false, includeExtensions: true } });
    return forward(operation);
  });
  const send = options.fetch ?? ((input, init) => fetch(input, init));
  const sendDocumentId: typeof fetch = (input, init) => {
    const { extensions, ...body } = JSON.parse(String(init?.body)) as { extensions: Record<string, unknown> };
    const { documentId, ...others } = extensions;
    const rest = Object.keys(others).length > 0 ? { extensions: others } : {};
    return send(input, { ...init, body: JSON.stringify({ documentId, ...body, ...rest }) });
  };
  return ApolloLink.from([attachId, new HttpLink({ ...options, fetch: sendDocumentId })]);
}
