/**
 * The explorers, and what a browser sees where there is none.
 *
 * Development: Apollo Sandbox at GET /graphql (Apollo's landing page plugin, apollo.ts; it loads
 * from Apollo's CDN) and GraphiQL at /graphiql, served from the server's own files
 * (graphiql-assets.ts), so it works offline. `EXPLORER` picks what `/` shows: a redirect to
 * either, or (`none`) the page that says where the API is.
 *
 * Production: no explorer. `/` answers that page (HTML for a browser, JSON otherwise), and so
 * does a browser's plain GET /graphql, which Apollo would answer with a CSRF error; /graphiql is
 * a 404.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../config.js';
import { ASSET_PREFIX, GraphiQLUnavailable, loadGraphiQL, type Asset, type GraphiQLFiles } from './graphiql-assets.js';

/**
 * The GraphiQL page's policy: scripts, styles and fetches from this server only, nothing
 * inline, no eval (GraphiQL 3 needs none), and nothing may frame it. The one inline thing
 * GraphiQL makes is a <style> element when a dialog opens (react-remove-scroll): it carries the
 * response's nonce (page.js). Style changes through the DOM (CodeMirror's, React's) are not
 * inline styles to CSP. The stylesheet embeds its fonts and a few images as data: URLs.
 * The browser test fails on any violation.
 */
export function graphiqlCsp(nonce: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}'`,
    "font-src 'self' data:",
    "img-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const IMMUTABLE = 'public, max-age=31536000, immutable';

type Handler = (res: ServerResponse) => Promise<void>;

export interface Explorer {
  /** The handler for this request when it is the explorers' (`/`, /graphiql, its assets, a browser's GET /graphql in production), else null. */
  route(req: IncomingMessage, url: URL): Handler | null;
}

export interface ExplorerOptions {
  production: boolean;
  explorer: Config['explorer'];
}

/** The explorers' routes; `load` reads GraphiQL's files (tests pass one that fails). */
export function createExplorer({ production, explorer }: ExplorerOptions, load: () => Promise<GraphiQLFiles> = loadGraphiQL): Explorer {
  let files: Promise<GraphiQLFiles> | undefined;
  // Read once and kept; a failure is not kept, so installing the packages needs no restart.
  const graphiql = () =>
    (files ??= load().catch((error: unknown) => {
      files = undefined;
      throw error;
    }));

  const info = production ? 'production' : 'none';

  return {
    route(req, url) {
      const method = req.method?.toUpperCase();
      if (method !== 'GET' && method !== 'HEAD') return null;
      const path = url.pathname;

      if (path === '/') {
        if (production || explorer === 'none') return (res) => sendInfo(req, res, 200, info);
        const location = explorer === 'graphiql' ? '/graphiql' : '/graphql';
        return async (res) => void res.writeHead(302, { location, 'cache-control': 'no-cache' }).end();
      }
      // Apollo's landing page is off in production: a browser opening the endpoint gets the
      // explainer instead of a CSRF error. Only a bare URL: any query string is the API's.
      if (path === '/graphql' && production && method === 'GET' && url.search === '' && prefersHtml(req.headers.accept)) {
        return (res) => sendInfo(req, res, 200, 'production');
      }
      if (path !== '/graphiql' && path !== '/graphiql/' && !path.startsWith(ASSET_PREFIX)) return null;

      if (production) return (res) => sendInfo(req, res, 404, 'production');
      if (path === '/graphiql/') return async (res) => void res.writeHead(301, { location: '/graphiql' }).end();

      return async (res) => {
        let loaded: GraphiQLFiles;
        try {
          loaded = await graphiql();
        } catch (error) {
          if (!(error instanceof GraphiQLUnavailable)) throw error;
          return sendJson(res, 404, 'NOT_FOUND', error.message);
        }
        if (path === '/graphiql') return sendPage(req, res, loaded.page);
        // Only the files in the table, found by the URL exactly as sent: no path is ever built
        // from the request, so `..` or its encodings can reach nothing.
        const asset = loaded.assets.get(path);
        if (!asset) return sendJson(res, 404, 'NOT_FOUND', `No GraphiQL asset at ${path}`);
        return sendAsset(req, res, asset, { 'cache-control': IMMUTABLE });
      };
    },
  };
}

/** The page with a fresh nonce, so never kept: it is 1 kB, and its assets are what is cached. */
async function sendPage(req: IncomingMessage, res: ServerResponse, template: string): Promise<void> {
  const nonce = randomBytes(18).toString('base64');
  const body = template.replaceAll('{{nonce}}', nonce);
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    'content-security-policy': graphiqlCsp(nonce),
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'x-content-type-options': 'nosniff',
  });
  res.end(req.method?.toUpperCase() === 'HEAD' ? undefined : body);
}

async function sendAsset(req: IncomingMessage, res: ServerResponse, asset: Asset, headers: Record<string, string>): Promise<void> {
  const common = { etag: asset.etag, 'x-content-type-options': 'nosniff', ...headers };
  if (matches(req.headers['if-none-match'], asset.etag)) {
    res.writeHead(304, common).end();
    return;
  }
  res.writeHead(200, { ...common, 'content-type': asset.contentType, 'content-length': asset.body.length });
  res.end(req.method?.toUpperCase() === 'HEAD' ? undefined : asset.body);
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.trim() === '*' || ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

function sendJson(res: ServerResponse, status: number, code: string, message: string): void {
  res
    .writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
    .end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

/**
 * Whether the client would rather have HTML than JSON: it names text/html (or text/*) with a
 * weight at least that of JSON. A browser's navigation does; curl's `*∕*` and API clients don't.
 */
export function prefersHtml(accept: string | undefined): boolean {
  const weights = new Map<string, number>();
  for (const part of (accept ?? '').split(',')) {
    const [type = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (!type) continue;
    const q = params.find((p) => p.startsWith('q='));
    const weight = q ? Number(q.slice(2)) : 1;
    weights.set(type, Number.isFinite(weight) ? weight : 0);
  }
  const html = weights.get('text/html') ?? weights.get('text/*') ?? 0;
  const json = weights.get('application/json') ?? weights.get('application/*') ?? weights.get('*/*') ?? 0;
  return html > 0 && html >= json;
}

type InfoReason = 'production' | 'none';

const INFO_STYLE = `
body { font: 16px/1.5 system-ui, sans-serif; max-width: 44rem; margin: 3rem auto; padding: 0 1rem; color: #1b1f24; }
code, pre { font: 14px/1.45 ui-monospace, monospace; background: #f1f3f5; border-radius: 4px; }
code { padding: 0.1em 0.3em; } pre { padding: 0.8rem 1rem; overflow-x: auto; }
`;

/** The explainer page has no script, and one stylesheet, admitted by its hash. */
const INFO_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(INFO_STYLE).digest('base64')}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const EXAMPLE = `curl -s http://HOST/graphql -H 'content-type: application/json' \\
  -d '{"query":"{ locations(search: \\"berl\\", first: 1) { nodes { name countryCode } } }"}'`;

/** What the explainer says: where the API is, and why there is no explorer here. */
export function apiInfo(reason: InfoReason) {
  return {
    name: 'Skygraph',
    description: 'GraphQL API for weather apps: places, forecasts and accounts',
    graphql: {
      url: '/graphql',
      method: 'POST',
      contentType: 'application/json',
      body: '{"query": "...", "variables": {...}}',
      authorization: 'Bearer <token from signUp or logIn>',
    },
    explorer:
      reason === 'production'
        ? 'Off in production (NODE_ENV=production): no explorer and no introspection.'
        : 'None at / (EXPLORER=none). Apollo Sandbox is at GET /graphql (needs internet), GraphiQL at /graphiql (offline).',
    health: { live: '/healthz', ready: '/readyz' },
  };
}

async function sendInfo(req: IncomingMessage, res: ServerResponse, status: number, reason: InfoReason): Promise<void> {
  const info = apiInfo(reason);
  const html = prefersHtml(req.headers.accept);
  const body = html ? infoPage(info) : JSON.stringify(status === 404 ? { ...info, errors: notFound(reason) } : info);
  res.writeHead(status, {
    'content-type': html ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-cache',
    vary: 'Accept',
    'x-content-type-options': 'nosniff',
    ...(html ? { 'content-security-policy': INFO_CSP, 'referrer-policy': 'no-referrer' } : {}),
  });
  res.end(req.method?.toUpperCase() === 'HEAD' ? undefined : body);
}

function notFound(reason: InfoReason) {
  const message = reason === 'production' ? 'GraphiQL is off in production; the API is at POST /graphql' : 'Not found';
  return [{ message, extensions: { code: 'NOT_FOUND' } }];
}

/** The explainer as a page. Every value in it is this module's own text, escaped all the same. */
function infoPage(info: ReturnType<typeof apiInfo>): string {
  const e = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${e(info.name)} · GraphQL API</title>
<style>${INFO_STYLE}</style>
</head>
<body>
<h1>${e(info.name)}</h1>
<p>${e(info.description)}.</p>
<p>The GraphQL API is at <code>${e(info.graphql.url)}</code>: send <code>${e(info.graphql.method)}</code> requests with
<code>content-type: ${e(info.graphql.contentType)}</code> and a body <code>${e(info.graphql.body)}</code>.
Signed-in requests carry <code>Authorization: ${e(info.graphql.authorization)}</code>.</p>
<pre>${e(EXAMPLE)}</pre>
<p><strong>Explorer:</strong> ${e(info.explorer)}</p>
<p>Health: <code>${e(info.health.live)}</code>, readiness: <code>${e(info.health.ready)}</code>.</p>
</body>
</html>
`;
}
