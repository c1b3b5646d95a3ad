// Starts GraphiQL against this server's /graphql. A file of its own, not an inline script, so
// that the page's Content-Security-Policy allows scripts from 'self' only.
/* global React, ReactDOM, GraphiQL */
'use strict';

// GraphiQL's dialogs (through react-remove-scroll) add a <style> element, which takes its nonce
// from __webpack_nonce__: the page's CSP admits only styles from 'self' and with the nonce this
// page was served with, which rides on this script's tag (browsers hide it from the DOM).
window.__webpack_nonce__ = document.currentScript.nonce;

const root = document.getElementById('graphiql');
const endpoint = new URL(root.dataset.endpoint, window.location.href).href;

const defaultQuery = `# Skygraph's GraphiQL: served by this server, it needs no internet.
#
# Run with Ctrl-Enter (Cmd-Enter on a Mac) or the ▶ button.
# The book icon on the left opens the schema's docs.
#
# To act as an account, run signUp or logIn, copy the token,
# and write it in the Headers tab below:
#   { "Authorization": "Bearer <token>" }

{
  locations(search: "Berlin", first: 3) {
    nodes {
      name
      countryCode
      current {
        temperature
        condition
      }
    }
  }
}
`;

ReactDOM.createRoot(root).render(
  React.createElement(GraphiQL, {
    fetcher: GraphiQL.createFetcher({ url: endpoint }),
    defaultQuery,
    isHeadersEditorEnabled: true,
    // The Headers tab open from the start: it is where the Authorization header goes.
    defaultEditorToolsVisibility: 'headers',
    defaultHeaders: '{}',
    // A token typed into the headers stays in this tab only, not in localStorage.
    shouldPersistHeaders: false,
  }),
);
