/**
 * The explorers' routes over real HTTP: GraphiQL's page and assets in development, what `/`
 * does per EXPLORER, the explainer in production, and that the asset route serves only the
 * files in its table.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createExplorer, prefersHtml } from '../../src/explorer/index.js';
import { GraphiQLUnavailable, loadGraphiQL } from '../../src/explorer/graphiql-assets.js';
import { startTestServer, type TestServer } from '../support/server.js';

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';

const require = createRequire(import.meta.url);
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));
const versionOf = (name: string) =>
  (JSON.parse(readFileSync(join(packageDir(name), 'package.json'), 'utf8')) as { version: string }).version;

/** A request sent exactly as written: fetch() would normalize `..` away before sending. */
function rawGet(origin: string, path: string): Promise<{ status: number; contentType: string | undefined; body: string }> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    request({ hostname, port, path, method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode!, contentType: res.headers['content-type'], body: Buffer.concat(chunks).toString('utf8') }),
      );
    })
      .on('error', reject)
      .end();
  });
}

/** The asset URLs the page names, in order. */
function assetUrls(html: string): string[] {
  return [...html.matchAll(/(?:href|src)="(\/graphiql\/assets\/[^"]+)"/g)].map((m) => m[1]!);
}

describe('GraphiQL in development', () => {
  let server: TestServer;
  let html: string;
  let page: Response;
  beforeAll(async () => {
    server = await startTestServer();
    page = await fetch(`${server.origin}/graphiql`, { headers: { accept: BROWSER_ACCEPT } });
    html = await page.text();
  });
  afterAll(() => server.stop());

  it('serves the page with a strict Content-Security-Policy', () => {
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const csp = page.headers.get('content-security-policy')!;
    const directives = new Map(
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/) as [string, ...string[]])
        .map(([k, ...v]) => [k, v]),
    );
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
    // The style nonce is this response's, and it is what the bootstrap script's tag carries.
    const nonce = /'nonce-([^']+)'/.exec(directives.get('style-src')!.join(' '))![1]!;
    expect(directives.get('style-src')).toEqual(["'self'", `'nonce-${nonce}'`]);
    expect(html).toContain(`nonce="${nonce}"`);
  });

  it('gives every response of the page its own nonce, and lets no cache keep it', async () => {
    const again = await fetch(`${server.origin}/graphiql`);
    const nonceOf = (csp: string | null) => /'nonce-([^']+)'/.exec(csp ?? '')?.[1];
    expect(nonceOf(again.headers.get('content-security-policy'))).toBeDefined();
    expect(nonceOf(again.headers.get('content-security-policy'))).not.toBe(nonceOf(page.headers.get('content-security-policy')));
    expect(again.headers.get('cache-control')).toBe('no-store');
  });

  it('loads only its own scripts and stylesheets, named by package version, and no inline script', () => {
    expect(assetUrls(html)).toEqual([
      `/graphiql/assets/graphiql@${versionOf('graphiql')}/graphiql.min.css`,
      expect.stringMatching(/^\/graphiql\/assets\/skygraph-[\w-]{12}\/page\.css$/),
      `/graphiql/assets/react@${versionOf('react')}/react.production.min.js`,
      `/graphiql/assets/react-dom@${versionOf('react-dom')}/react-dom.production.min.js`,
      `/graphiql/assets/graphiql@${versionOf('graphiql')}/graphiql.min.js`,
      expect.stringMatching(/^\/graphiql\/assets\/skygraph-[\w-]{12}\/page\.js$/),
    ]);
    expect(versionOf('graphiql')).toMatch(/^3\./);
    expect(versionOf('react')).toMatch(/^18\./);
    // Every <script> has a src; no URL leaves the server.
    expect([...html.matchAll(/<script\b[^>]*>/g)].every((m) => / src="\//.test(m[0]))).toBe(true);
    expect(html).not.toMatch(/(?:href|src)="(?:https?:)?\/\//);
  });

  it('serves the assets with their content types and long-lived cache headers', async () => {
    for (const url of assetUrls(html)) {
      const res = await fetch(`${server.origin}${url}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(url.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('etag')).toMatch(/^"[\w-]+"$/);
      const body = Buffer.from(await res.arrayBuffer());
      expect(Number(res.headers.get('content-length'))).toBe(body.length);
      // A revalidation with the ETag costs no body.
      const revalidated = await fetch(`${server.origin}${url}`, { headers: { 'if-none-match': res.headers.get('etag')! } });
      expect(revalidated.status).toBe(304);
      expect(await revalidated.text()).toBe('');
    }
  });

  it("serves the packages' own files, byte for byte", async () => {
    const version = versionOf('graphiql');
    const served = Buffer.from(await (await fetch(`${server.origin}/graphiql/assets/graphiql@${version}/graphiql.min.js`)).arrayBuffer());
    expect(served.equals(readFileSync(join(packageDir('graphiql'), 'graphiql.min.js')))).toBe(true);
    const react = await fetch(`${server.origin}/graphiql/assets/react@${versionOf('react')}/react.production.min.js`);
    expect(Buffer.from(await react.arrayBuffer()).equals(readFileSync(join(packageDir('react'), 'umd/react.production.min.js')))).toBe(
      true,
    );
  });

  it('has a stylesheet that fetches nothing from elsewhere: fonts and images are data: URLs', async () => {
    const css = await (await fetch(`${server.origin}/graphiql/assets/graphiql@${versionOf('graphiql')}/graphiql.min.css`)).text();
    const urls = [...css.matchAll(/url\(\s*['"]?([^'")]*)/g)].map((m) => m[1]!);
    expect(urls.length).toBeGreaterThan(0);
    expect(urls.filter((url) => !url.startsWith('data:'))).toEqual([]);
    expect(css).not.toMatch(/@import/);
  });

  it('answers HEAD with the headers only', async () => {
    const url = assetUrls(html)[0]!;
    const res = await fetch(`${server.origin}${url}`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(Number(res.headers.get('content-length'))).toBeGreaterThan(100_000);
    expect(await res.text()).toBe('');
  });

  it.each([
    '/graphiql/assets/../../package.json',
    '/graphiql/assets/%2e%2e/%2e%2e/package.json',
    '/graphiql/assets/%2e%2e%2f%2e%2e%2fpackage.json',
    '/graphiql/assets/%2E%2E%2F%2E%2E%2Fpackage.json',
    '/graphiql/assets/..%2f..%2f..%2fpackage.json',
    '/graphiql/assets/graphiql@3.9.0/..%2f..%2f..%2fpackage.json',
    '/graphiql/assets/graphiql@3.9.0/%2e%2e/package.json',
    '/graphiql/assets/..\\..\\package.json',
    '/graphiql/assets/%252e%252e%252fpackage.json',
    '/graphiql/assets/graphiql@3.9.0/package.json',
    '/graphiql/assets/graphiql@3.9.0/graphiql.min.js.map',
    '/graphiql/assets/graphiql@3.9.0/graphiql.js',
    '/graphiql/assets/graphiql@0.0.1/graphiql.min.js',
    '/graphiql/assets/page.js',
    '/graphiql/assets/',
    '/graphiql/assets/graphiql@3.9.0/graphiql.min.js/',
    '/graphiql/assets//etc/passwd',
  ])('refuses %s with a 404', async (path) => {
    const res = await rawGet(server.origin, path);
    expect(res.status).toBe(404);
    expect(res.contentType).toBe('application/json; charset=utf-8');
    expect((JSON.parse(res.body) as any).errors[0].extensions.code).toBe('NOT_FOUND');
    expect(res.body).not.toContain('devDependencies');
  });

  it('redirects /graphiql/ to /graphiql, and leaves other methods to the 404', async () => {
    const slash = await fetch(`${server.origin}/graphiql/`, { redirect: 'manual' });
    expect(slash.status).toBe(301);
    expect(slash.headers.get('location')).toBe('/graphiql');
    const post = await fetch(`${server.origin}/graphiql`, { method: 'POST', body: '{}' });
    expect(post.status).toBe(404);
  });

  it('redirects / to Apollo Sandbox at /graphql by default', async () => {
    const res = await fetch(`${server.origin}/`, { redirect: 'manual', headers: { accept: BROWSER_ACCEPT } });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/graphql');
  });
});

describe('EXPLORER', () => {
  it('graphiql: / redirects to /graphiql', async () => {
    const server = await startTestServer({ config: { explorer: 'graphiql' } });
    try {
      const res = await fetch(`${server.origin}/`, { redirect: 'manual', headers: { accept: BROWSER_ACCEPT } });
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe('/graphiql');
    } finally {
      await server.stop();
    }
  });

  it('none: / says where the API is, and both explorers stay at their own URLs', async () => {
    const server = await startTestServer({ config: { explorer: 'none' } });
    try {
      const res = await fetch(`${server.origin}/`, { redirect: 'manual', headers: { accept: BROWSER_ACCEPT } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await res.text()).toMatch(/EXPLORER=none/);
      expect((await fetch(`${server.origin}/graphiql`)).status).toBe(200);
    } finally {
      await server.stop();
    }
  });
});

describe('in production', () => {
  let server: TestServer;
  // EXPLORER is for development: production shows no explorer whatever it says.
  beforeAll(async () => (server = await startTestServer({ production: true, config: { explorer: 'graphiql' } })));
  afterAll(() => server.stop());

  it('answers / in a browser with a page that says where the API is', async () => {
    const res = await fetch(`${server.origin}/`, { redirect: 'manual', headers: { accept: BROWSER_ACCEPT } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('vary')).toBe('Accept');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toMatch(/^default-src 'none'; style-src 'sha256-[\w+/=]+'/);
    expect(csp).not.toMatch(/script-src|unsafe/);
    const text = await res.text();
    expect(text).toContain('<code>/graphql</code>');
    expect(text).toContain('<code>POST</code>');
    expect(text).toContain('content-type: application/json');
    expect(text).toMatch(/Off in production/);
    expect(text).not.toMatch(/<script/);
  });

  it('answers / to an API client with the same in JSON', async () => {
    for (const accept of ['application/json', '*/*', undefined]) {
      const res = await fetch(`${server.origin}/`, { redirect: 'manual', headers: accept ? { accept } : {} });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(await res.json()).toMatchObject({
        graphql: { url: '/graphql', method: 'POST', contentType: 'application/json' },
        explorer: expect.stringMatching(/^Off in production/),
      });
    }
  });

  it('answers a browser opening /graphql with that page, not a CSRF error', async () => {
    const res = await fetch(server.url, { headers: { accept: BROWSER_ACCEPT } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await res.text()).not.toMatch(/CSRF/);
  });

  it('leaves every other GET /graphql to the API', async () => {
    // A query string, or a client that asks for JSON, is the API's: Apollo's CSRF check answers.
    const withQuery = await fetch(`${server.url}?query=${encodeURIComponent('{ __typename }')}`, { headers: { accept: BROWSER_ACCEPT } });
    expect(withQuery.status).toBe(400);
    expect(await withQuery.text()).toMatch(/CSRF/);
    const json = await fetch(server.url, { headers: { accept: 'application/json' } });
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await json.text()).toMatch(/CSRF/);
    const preflighted = await fetch(`${server.url}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: BROWSER_ACCEPT, 'apollo-require-preflight': '1' },
    });
    expect(await preflighted.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('turns GraphiQL and its assets off', async () => {
    const res = await fetch(`${server.origin}/graphiql`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = (await res.json()) as any;
    expect(body.errors[0]).toEqual({ message: expect.stringMatching(/off in production/), extensions: { code: 'NOT_FOUND' } });
    expect(body.graphql.url).toBe('/graphql');

    const browser = await fetch(`${server.origin}/graphiql`, { headers: { accept: BROWSER_ACCEPT } });
    expect(browser.status).toBe(404);
    expect(await browser.text()).toMatch(/Off in production/);

    const asset = await fetch(`${server.origin}/graphiql/assets/graphiql@${versionOf('graphiql')}/graphiql.min.js`);
    expect(asset.status).toBe(404);
    expect(asset.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });
});

describe('without GraphiQL installed', () => {
  // A folder with no node_modules: resolving from it finds none of the packages, as in a
  // production install (npm ci --omit=dev) run in development.
  const empty = mkdtempSync(join(tmpdir(), 'skygraph-no-graphiql-'));
  const resolve = createRequire(join(empty, 'here.js')).resolve;
  let http: Server;
  let origin: string;
  let loads = 0;
  beforeAll(async () => {
    const explorer = createExplorer({ production: false, explorer: 'graphiql' }, () => (loads++, loadGraphiQL({ resolve })));
    http = createServer(async (req, res) => {
      const url = new URL(req.url!, 'http://localhost');
      const route = explorer.route(req, url);
      if (route) await route(res);
      else res.writeHead(418).end();
    });
    await new Promise<void>((done) => http.listen(0, '127.0.0.1', done));
    origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((done) => http.close(done));
    rmSync(empty, { recursive: true, force: true });
  });

  it('says which packages are missing', async () => {
    await expect(loadGraphiQL({ resolve })).rejects.toThrow(GraphiQLUnavailable);
    await expect(loadGraphiQL({ resolve })).rejects.toThrow(/react, react-dom, graphiql are missing.*devDependencies/);
  });

  it('answers /graphiql and its assets with a clear 404, and tries again at the next request', async () => {
    const before = loads;
    for (const path of ['/graphiql', '/graphiql/assets/graphiql@3.9.0/graphiql.min.js']) {
      const res = await fetch(`${origin}${path}`);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      const { errors } = (await res.json()) as any;
      expect(errors[0].extensions.code).toBe('NOT_FOUND');
      expect(errors[0].message).toMatch(/^GraphiQL is not installed here/);
    }
    // A failure is not kept: installing the packages takes no restart.
    expect(loads - before).toBe(2);
    // `/` needs no package: it redirects as configured.
    const root = await fetch(`${origin}/`, { redirect: 'manual' });
    expect(root.headers.get('location')).toBe('/graphiql');
  });
});

describe('prefersHtml', () => {
  it.each([
    [BROWSER_ACCEPT, true],
    ['text/html', true],
    ['text/*', true],
    ['text/html;q=0.5, application/json', false],
    ['application/json, text/html;q=0.9', false],
    ['application/json', false],
    ['application/graphql-response+json, application/json;q=0.9', false],
    ['*/*', false],
    ['', false],
    [undefined, false],
    ['text/html;q=0', false],
  ])('%s → %s', (accept, expected) => {
    expect(prefersHtml(accept)).toBe(expected);
  });
});
