/**
 * A web app on another origin, in a real browser: a page served from a second loopback port
 * signs up, saves a place and reads its forecast through `fetch`. Chromium enforces CORS: from
 * the allowed origin it works, from another the very first request fails.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';

const TIMEOUT = 120_000;

// The app's own script, as a page would ship it: plain fetch, JSON, a bearer token.
const APP_SCRIPT = `
const api = new URLSearchParams(location.search).get('api');
async function call(query, variables, token) {
  const response = await fetch(api, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: 'Bearer ' + token } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (body.errors) throw new Error(body.errors[0].message);
  return body.data;
}
async function journey() {
  const email = 'browser-' + Date.now() + '@example.com';
  const { signUp } = await call(
    'mutation ($input: SignUpInput!) { signUp(input: $input) { token } }',
    { input: { email, password: 'correct horse battery' } },
  );
  const { locations } = await call('{ locations(search: "Berlin", first: 1) { nodes { id name } } }');
  await call(
    'mutation ($id: ID!) { addFavorite(input: { locationId: $id }) { favorite { id } } }',
    { id: locations.nodes[0].id },
    signUp.token,
  );
  const { me } = await call(
    '{ me { favorites { location { name current { temperature } daily(days: 2) { date temperatureMax } } } } }',
    undefined,
    signUp.token,
  );
  return me.favorites;
}
journey().then(
  (favorites) => (document.getElementById('result').textContent = JSON.stringify({ favorites })),
  (error) => (document.getElementById('result').textContent = JSON.stringify({ error: String(error) })),
);
`;

function pageServer(): Promise<{ origin: string; server: Server }> {
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/app.js')) res.writeHead(200, { 'content-type': 'text/javascript' }).end(APP_SCRIPT);
    else
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end('<!doctype html><title>app</title><pre id="result"></pre><script src="/app.js"></script>');
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server })),
  );
}

describe('a web app on another origin', () => {
  let api: TestServer;
  let browser: Browser;
  let allowed: { origin: string; server: Server };
  let other: { origin: string; server: Server };

  beforeAll(async () => {
    [allowed, other] = await Promise.all([pageServer(), pageServer()]);
    // Only the first page's origin: the development default would let both (loopback) pages in.
    api = await startTestServer({ config: { corsOrigins: [allowed.origin] } });
    browser = await launchBrowser();
  }, TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
    allowed?.server.close();
    other?.server.close();
  });

  async function run(origin: string): Promise<{ favorites?: unknown[]; error?: string }> {
    const page = await browser.newPage();
    try {
      const consoleErrors: string[] = [];
      page.on('console', (message) => message.type() === 'error' && consoleErrors.push(message.text()));
      await page.goto(`${origin}/?api=${encodeURIComponent(api.url)}`);
      await page.waitForFunction(() => document.getElementById('result')?.textContent !== '', undefined, { timeout: 60_000 });
      const result = JSON.parse((await page.textContent('#result'))!);
      return { ...result, consoleErrors };
    } finally {
      await page.close();
    }
  }

  it(
    'logs in, saves a place and reads its forecast from the allowed origin',
    async () => {
      const result = await run(allowed.origin);
      expect(result.error).toBeUndefined();
      expect(result.favorites).toEqual([
        {
          location: {
            name: 'Berlin',
            current: { temperature: expect.any(Number) },
            daily: [expect.objectContaining({ temperatureMax: expect.any(Number) }), expect.anything()],
          },
        },
      ]);
    },
    TIMEOUT,
  );

  it(
    'is stopped by the browser from any other origin',
    async () => {
      const result = (await run(other.origin)) as { error?: string; consoleErrors?: string[] };
      // fetch rejects without a response: the page learns nothing, not even an error message.
      expect(result.error).toBe('TypeError: Failed to fetch');
      expect(result.consoleErrors?.join('\n')).toMatch(/CORS/);
    },
    TIMEOUT,
  );
});
