/**
 * Where the page sends its requests and how, from its own URL
 * (`index.html?api=http://127.0.0.1:4000/graphql&documents=id`), else the defaults build.mjs
 * compiled in (`npm run build`: the local development server, document text;
 * `npm run build:production`: `/graphql` on the page's own origin, document ids only).
 */

declare const DEFAULT_API_URL: string;
declare const DEFAULT_DOCUMENTS: 'text' | 'id';

export interface Settings {
  apiUrl: string;
  documents: 'text' | 'id';
}

/** The settings `pageUrl` asks for; an unknown `documents` value is refused rather than guessed. */
export function readSettings(pageUrl: URL): Settings {
  const apiUrl = new URL(pageUrl.searchParams.get('api') ?? DEFAULT_API_URL, pageUrl).href;
  const documents = pageUrl.searchParams.get('documents') ?? DEFAULT_DOCUMENTS;
  if (documents !== 'text' && documents !== 'id') throw new Error(`documents must be "text" or "id", got "${documents}"`);
  return { apiUrl, documents };
}
