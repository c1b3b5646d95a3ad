/**
 * GraphiQL in a real browser, with the network cut off except for this machine: the page must
 * load everything it needs from the server itself, run a query, send the Authorization header
 * from its headers editor, and browse the schema's docs, with no Content-Security-Policy
 * violation on the way. Saves a screenshot to tests/artifacts/graphiql.png (and, with
 * UPDATE_SCREENSHOTS=1, to docs/graphiql.png, the README's).
 *
 * Every wait is for a selector or a condition, never for a fixed time.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { signUp } from '../support/accounts.js';
import { launchBrowser } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';

const TIMEOUT = 120_000;
const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const README_SCREENSHOT = fileURLToPath(new URL('../../docs/graphiql.png', import.meta.url));

const PLACES = '{\n  locations(search: "Berlin", first: 1) {\n    nodes {\n      name\n      countryCode\n    }\n  }\n}\n';
const ME = '{\n  me {\n    email\n  }\n}\n';

/** Only this machine: loopback addresses, and URLs that are no request at all (data:, blob:). */
function isLocal(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  if (protocol === 'data:' || protocol === 'blob:') return true;
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

describe('GraphiQL in Chromium, offline', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const aborted: string[] = [];
  const pageErrors: string[] = [];
  const graphqlRequests: Request[] = [];

  /** Puts `text` into the query editor, as pasting it would. */
  const setQuery = (text: string) =>
    page.evaluate((value) => {
      const editor = document.querySelector<HTMLElement & { CodeMirror: { setValue(v: string): void } }>(
        '.graphiql-query-editor .CodeMirror',
      )!;
      editor.CodeMirror.setValue(value);
    }, text);

  const resultContains = (text: string) => page.locator('.result-window', { hasText: text }).waitFor();

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (isLocal(url)) return route.continue();
      aborted.push(url);
      return route.abort('blockedbyclient');
    });
    page = await context.newPage();
    page.setDefaultTimeout(60_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/graphql') graphqlRequests.push(request);
    });
    // Any CSP violation, as the page itself sees it.
    await page.addInitScript(() => {
      const seen: string[] = ((window as unknown as { cspViolations: string[] }).cspViolations = []);
      document.addEventListener('securitypolicyviolation', (e) =>
        seen.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`),
      );
    });
  }, TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it(
    'loads from the server alone and runs a places query',
    async () => {
      const response = await page.goto(`${server.origin}/graphiql`);
      expect(response?.status()).toBe(200);
      await page.locator('.graphiql-query-editor .CodeMirror').waitFor();
      await setQuery(PLACES);
      await page.locator('button[aria-label^="Execute query"]').click();
      await resultContains('"Berlin"');
      await resultContains('"DE"');
    },
    TIMEOUT,
  );

  it(
    "browses the schema's docs to a type",
    async () => {
      await page.locator('button[aria-label="Show Documentation Explorer"]').click();
      const docs = page.locator('.graphiql-doc-explorer');
      // The root lists every type introspection found; Location is one.
      await docs
        .locator('a.graphiql-doc-explorer-type-name', { hasText: /^Location$/ })
        .first()
        .click();
      await docs.locator('.graphiql-doc-explorer-title', { hasText: /^Location$/ }).waitFor();
      await docs.getByText('A populated place', { exact: false }).first().waitFor();
      await docs.locator('a.graphiql-doc-explorer-field-name', { hasText: /^hourly$/ }).waitFor();

      mkdirSync(ARTIFACTS, { recursive: true });
      const screenshot = `${ARTIFACTS}graphiql.png`;
      await page.screenshot({ path: screenshot });
      if (process.env.UPDATE_SCREENSHOTS === '1') {
        mkdirSync(dirname(README_SCREENSHOT), { recursive: true });
        copyFileSync(screenshot, README_SCREENSHOT);
      }
    },
    TIMEOUT,
  );

  it(
    'sends the Authorization header written in the headers editor',
    async () => {
      const { token, email } = await signUp(server, 'graphiql');
      await page.locator('.graphiql-editor-tools button[data-name="headers"]').click();
      const headers = page.locator('.graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror');
      await headers.click();
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Delete');
      // Typed as a person would (the editor closes brackets and quotes; typing the closing ones steps over them).
      await page.keyboard.type(`{"Authorization": "Bearer ${token}"}`);
      const typed = await headers.evaluate((element) =>
        (element as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue(),
      );
      expect(JSON.parse(typed)).toEqual({ Authorization: `Bearer ${token}` });

      await setQuery(ME);
      const sent = page.waitForRequest(
        (request) => new URL(request.url()).pathname === '/graphql' && /\bme\b/.test(request.postData() ?? ''),
      );
      await page.locator('.graphiql-query-editor .CodeMirror textarea').focus();
      await page.keyboard.press('Control+Enter');
      expect((await sent).headers().authorization).toBe(`Bearer ${token}`);
      await resultContains(email);
    },
    TIMEOUT,
  );

  it(
    'opens a dialog, whose <style> element the policy admits by its nonce',
    async () => {
      await page.locator('button[aria-label="Open settings dialog"]').click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText('Settings').first().waitFor();
      // react-remove-scroll's <style> is in, with the page's nonce.
      await page.locator('style[nonce]').first().waitFor({ state: 'attached' });
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
    },
    TIMEOUT,
  );

  it('needed nothing from outside, broke no policy and threw nothing', async () => {
    expect(aborted).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
    expect(pageErrors).toEqual([]);
    // The schema came from introspection, sent to this server.
    expect(graphqlRequests.some((request) => /IntrospectionQuery/.test(request.postData() ?? ''))).toBe(true);
  });
});
