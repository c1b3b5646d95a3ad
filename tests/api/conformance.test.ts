/**
 * GraphQL over HTTP conformance: graphql-http's audit suite, one test per audit, against a real
 * server. Every MUST and SHOULD passes; of the MAYs only those that Apollo's CSRF prevention
 * blocks may fail, and in production (introspection off) also those that query `__type`.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { serverAudits, type AuditResult } from 'graphql-http';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * Audits that send a GET without `content-type` or `apollo-require-preflight`: Apollo's CSRF
 * prevention refuses them (400, "This operation has been blocked as a potential Cross-Site
 * Request Forgery"), on purpose, since a browser sends such a GET cross-site without a preflight.
 */
const BLOCKED_BY_CSRF_PREVENTION = new Set([
  '5A70', // MAY accept application/x-www-form-urlencoded formatted GET requests
  'D6D5', // MAY allow URL-encoded JSON string {variables} parameter in GETs when accepting application/graphql-response+json
  '6A70', // MAY allow URL-encoded JSON string {variables} parameter in GETs when accepting application/json
]);

/** Audits whose document queries `__type`: in production introspection is off, so they may fail. */
const NEED_INTROSPECTION = new Set([
  'BF61', // MUST accept utf-8 encoded request
  '2EA1', // SHOULD allow map {variables} parameter when accepting application/graphql-response+json
  '28B9', // MUST allow map {variables} parameter when accepting application/json
  'D6D5', // MAY allow URL-encoded JSON string {variables} parameter in GETs (graphql-response+json)
  '6A70', // MAY allow URL-encoded JSON string {variables} parameter in GETs (application/json)
]);

/** What an audit's result says, with the response that failed it, so that a failure explains itself. */
async function summary(result: AuditResult): Promise<Record<string, unknown>> {
  if (result.status === 'ok') return { status: 'ok' };
  let body: string;
  try {
    body = await result.response.text();
  } catch {
    body = '(body already read)';
  }
  return {
    status: result.status,
    reason: result.reason,
    response: { status: result.response.status, contentType: result.response.headers.get('content-type'), body },
  };
}

function auditsAgainst(configuration: { production: boolean }, mayFail: (id: string) => RegExp | null) {
  let server: TestServer;
  beforeAll(async () => (server = await startTestServer(configuration)));
  afterAll(() => server.stop());

  // The list is built before the server starts, so the URL is asked for when each audit runs.
  for (const audit of serverAudits({ url: () => server.url, fetchFn: fetch })) {
    const allowed = mayFail(audit.id);
    it(audit.name, async () => {
      const result = await summary(await audit.fn());
      if (allowed && result.status !== 'ok') {
        // A failure allowed here must still be the one expected, not some other breakage.
        expect(result).toMatchObject({ response: { body: expect.stringMatching(allowed) } });
      } else {
        expect(result).toEqual({ status: 'ok' });
      }
    });
  }
}

const CSRF = /Cross-Site Request Forgery|apollo-require-preflight/;
const INTROSPECTION = /introspection|GraphQL introspection is not allowed/i;

describe('in development', () => {
  auditsAgainst({ production: false }, (id) => (BLOCKED_BY_CSRF_PREVENTION.has(id) ? CSRF : null));
});

describe('in production', () => {
  auditsAgainst({ production: true }, (id) =>
    BLOCKED_BY_CSRF_PREVENTION.has(id) && NEED_INTROSPECTION.has(id)
      ? new RegExp(`${CSRF.source}|${INTROSPECTION.source}`, 'i')
      : BLOCKED_BY_CSRF_PREVENTION.has(id)
        ? CSRF
        : NEED_INTROSPECTION.has(id)
          ? INTROSPECTION
          : null,
  );
});

describe('health checks', () => {
  let server: TestServer;
  beforeAll(async () => (server = await startTestServer()));
  afterAll(() => server.stop());

  it('answers HEAD /healthz with 200 and no body, like GET', async () => {
    const get = await fetch(`${server.origin}/healthz`);
    const head = await fetch(`${server.origin}/healthz`, { method: 'HEAD' });
    expect({ status: head.status, body: await head.text() }).toEqual({ status: 200, body: '' });
    expect(head.headers.get('content-type')).toBe(get.headers.get('content-type'));
  });
});
