/**
 * The example web client's page (examples/web-client), built as `npm run build` builds it and
 * served from its own loopback origin, in a real browser against a real server: search with
 * temperatures in the chosen unit, sign-up, saving, moving and removing places, a reload that
 * keeps the session, log-out; and the same page sending only document ids to a server that runs
 * only the client's persisted documents.
 *
 * Every wait is for a condition on the page, never for a fixed time.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';

const TIMEOUT = 120_000;
const EXAMPLE = 'examples/web-client';

/** Serves the built page (dist/index.html and its bundle) on a loopback port. */
function pageServer(): Promise<{ origin: string; server: Server }> {
  const files: Record<string, [string, string]> = {
    '/index.html': ['text/html', 'index.html'],
    '/main.js': ['text/javascript', 'main.js'],
  };
  const server = createServer((req, res) => {
    const file = files[new URL(req.url ?? '/', 'http://page').pathname];
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': file[0] }).end(readFileSync(join(EXAMPLE, 'dist', file[1])));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server })),
  );
}

let open: TestServer;
let trusted: TestServer;
let page: { origin: string; server: Server };
let browser: Browser;

beforeAll(async () => {
  execFileSync(process.execPath, ['build.mjs'], { cwd: EXAMPLE, stdio: 'pipe' });
  [open, trusted, page, browser] = await Promise.all([
    startTestServer(),
    startTestServer({ config: { trustedDocumentsPath: join(EXAMPLE, 'src/gql/persisted-documents.json') } }),
    pageServer(),
    launchBrowser(),
  ]);
}, TIMEOUT);

afterAll(async () => {
  await browser?.close();
  await Promise.all([open?.stop(), trusted?.stop()]);
  page?.server.close();
});

/** Opens the page against `api`, collecting uncaught errors, what the page shows in #error, and every request body it sends. */
async function openPage(api: TestServer, query = ''): Promise<{ tab: Page; problems: string[]; bodies: Record<string, unknown>[] }> {
  const tab = await browser.newPage();
  const problems: string[] = [];
  const bodies: Record<string, unknown>[] = [];
  tab.on('pageerror', (error) => problems.push(String(error)));
  tab.on('request', (request) => request.method() === 'POST' && request.url() === api.url && bodies.push(request.postDataJSON()));
  await tab.goto(`${page.origin}/index.html?api=${encodeURIComponent(api.url)}${query}`);
  return { tab, problems, bodies };
}

const texts = (tab: Page, selector: string) => tab.locator(selector).allTextContents();

/** Waits until `selector` matches at least one element and each one's text contains `part`. */
async function waitForEach(tab: Page, selector: string, part: string): Promise<string[]> {
  await tab.waitForFunction(
    ({ selector, part }) => {
      const found = [...document.querySelectorAll(selector)].map((element) => element.textContent ?? '');
      return found.length > 0 && found.every((text) => text.includes(part));
    },
    { selector, part },
  );
  return texts(tab, selector);
}

/** Waits until the texts of the elements `selector` matches are exactly `expected`, in order. */
async function waitForExactly(tab: Page, selector: string, expected: string[]): Promise<void> {
  await tab.waitForFunction(
    ({ selector, expected }) => JSON.stringify([...document.querySelectorAll(selector)].map((element) => element.textContent)) === expected,
    { selector, expected: JSON.stringify(expected) },
  );
}

describe('the example page', () => {
  it(
    'searches, switches units, signs up, saves, moves and removes places, keeps the session across a reload, logs out',
    async () => {
      const { tab, problems } = await openPage(open);

      // Another script: the place is shown with the name the search found.
      await tab.fill('#search', 'Мюнхен');
      expect((await waitForEach(tab, '#results li', '°C'))[0]).toMatch(/^Munich \(Мюнхен\), DE-?\d+\.\d °C/);

      await tab.fill('#search', 'berl');
      await tab.waitForFunction(() => document.querySelector('#results li')?.textContent?.startsWith('Berlin'));
      const results = await waitForEach(tab, '#results li', '°C');
      expect(results[0]).toMatch(/^Berlin, DE-?\d+\.\d °C/);
      expect(await tab.textContent('#count')).toMatch(/^\d+ places$/);
      // Anonymous: no saving yet.
      expect(await tab.locator('#results li').first().getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);

      await tab.selectOption('#temperature-unit', 'FAHRENHEIT');
      await waitForEach(tab, '#results li', '°F');

      const email = `page-${process.pid}@example.com`;
      await tab.fill('#email', email);
      await tab.fill('#password', 'a long passphrase');
      await tab.click('#sign-up-button');
      await tab.waitForSelector('#logged-in:not([hidden])');
      expect(await tab.textContent('#who')).toBe(`Logged in as ${email}`);
      // A new account's preferences are metric, and the page follows the account's units.
      await waitForEach(tab, '#results li', '°C');

      // "Burlington (Berlington), US": the place's name is before the matched one in brackets.
      const names = (await texts(tab, '#results li > button:first-child'))
        .slice(0, 3)
        .map((name) => name.split(',')[0]!.replace(/ \(.*\)$/, ''));
      // Three different names, so that every order below is told apart.
      expect(new Set(names).size).toBe(3);
      for (const index of [0, 1, 2]) {
        await tab.locator('#results li').nth(index).getByRole('button', { name: 'Save' }).click();
        await waitForExactly(tab, '#saved li > span', names.slice(0, index + 1));
      }
      expect(await tab.locator('#results li').first().getByRole('button', { name: 'Saved' }).isDisabled()).toBe(true);
      const [a, b, c] = names as [string, string, string];

      await tab.locator('#saved li').first().getByRole('button', { name: '↓' }).click();
      await waitForExactly(tab, '#saved li > span', [b, a, c]);
      await tab.locator('#saved li').nth(2).getByRole('button', { name: '↑' }).click();
      await waitForExactly(tab, '#saved li > span', [b, c, a]);
      await tab.locator('#saved li').nth(1).getByRole('button', { name: 'Remove' }).click();
      await waitForExactly(tab, '#saved li > span', [b, a]);

      // The units selector changes the account's preferences on the server, not only the page.
      await tab.selectOption('#temperature-unit', 'FAHRENHEIT');
      await waitForEach(tab, '#results li', '°F');

      await tab.reload();
      await tab.waitForSelector('#logged-in:not([hidden])');
      await waitForExactly(tab, '#saved li > span', [b, a]);
      expect(await tab.inputValue('#temperature-unit')).toBe('FAHRENHEIT');

      await tab.click('#log-out-button');
      await tab.waitForSelector('#log-in:not([hidden])');
      await waitForExactly(tab, '#saved li > span', []);
      expect(await tab.textContent('#error')).toBe('');
      expect(problems).toEqual([]);
      await tab.close();
    },
    TIMEOUT,
  );

  it(
    'sends only document ids with ?documents=id, which a server running only its persisted documents answers',
    async () => {
      const { tab, problems, bodies } = await openPage(trusted, '&documents=id');
      await tab.fill('#search', 'berl');
      await waitForEach(tab, '#results li', '°C');
      await tab.click('#results li > button:first-child');
      await tab.waitForSelector('#forecast:not([hidden])');
      await waitForExactly(tab, '#forecast-title', ['Berlin, DE (Europe/Berlin)']);
      expect(await tab.locator('#forecast-days li').count()).toBe(7);

      expect(bodies.map((body) => body.operationName)).toEqual(expect.arrayContaining(['Viewer', 'SearchPlaces', 'PlaceForecast']));
      for (const body of bodies) {
        expect(body).not.toHaveProperty('query');
        expect(body.documentId).toMatch(/^sha256:[0-9a-f]{64}$/);
      }
      expect(await tab.textContent('#error')).toBe('');
      expect(problems).toEqual([]);
      await tab.close();
    },
    TIMEOUT,
  );
});
