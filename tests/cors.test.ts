import { describe, expect, it } from '@jest/globals';
import { corsPolicy, crossOriginAccess, parseCorsOrigins, preflight } from '../src/cors.js';

describe('CORS_ORIGINS', () => {
  it('takes origins and *, normalised as browsers send them', () => {
    expect(parseCorsOrigins('https://app.example.com, HTTPS://Shop.Example.com:8443 ,*')).toEqual({
      origins: ['https://app.example.com', 'https://shop.example.com:8443', '*'],
      problems: [],
    });
  });

  it('leaves the default when unset or blank', () => {
    expect(parseCorsOrigins(undefined).origins).toBeNull();
    expect(parseCorsOrigins('  ').origins).toBeNull();
  });

  it.each([
    'https://app.example.com/',
    'https://app.example.com/path',
    'app.example.com',
    'null',
    'ftp://files.example.com',
    'javascript:alert(1)',
    '',
  ])('refuses %j, which is not an origin', (entry) => {
    const { problems } = parseCorsOrigins(`https://ok.example.com,${entry}`);
    expect(problems).toEqual([expect.stringContaining(`got "${entry}"`)]);
  });
});

describe('who may call', () => {
  const development = corsPolicy(null, false);
  const production = corsPolicy(null, true);
  const listed = corsPolicy(['https://app.example.com'], true);
  const anyone = corsPolicy(['https://app.example.com', '*'], true);

  it('lets any localhost page in during development, and none in production until configured', () => {
    for (const origin of ['http://localhost:5173', 'http://127.0.0.1:3000', 'http://[::1]:8080', 'https://localhost']) {
      expect(crossOriginAccess(development, origin)).toEqual({ kind: 'allowed', origin, publicReadsOnly: false });
      expect(crossOriginAccess(production, origin).kind).toBe('refused');
    }
    // Look-alikes of localhost are other hosts.
    for (const origin of ['http://localhost.evil.example', 'http://127.0.0.1.nip.io', 'http://evil.example#localhost']) {
      expect(crossOriginAccess(development, origin).kind).toBe('refused');
    }
  });

  it('lets exactly the listed origins in', () => {
    expect(crossOriginAccess(listed, 'https://app.example.com').kind).toBe('allowed');
    for (const origin of [
      'http://app.example.com',
      'https://app.example.com:444',
      'https://evil.app.example.com',
      'null',
      'http://localhost:3000',
    ]) {
      expect(crossOriginAccess(listed, origin).kind).toBe('refused');
    }
  });

  it('treats a request without Origin as no cross-origin request', () => {
    expect(crossOriginAccess(listed, undefined)).toEqual({ kind: 'same-origin' });
  });

  it('lets * in for public reads only, and never the shared "null" origin', () => {
    expect(crossOriginAccess(anyone, 'https://elsewhere.example')).toEqual({
      kind: 'allowed',
      origin: 'https://elsewhere.example',
      publicReadsOnly: true,
    });
    expect(crossOriginAccess(anyone, 'https://app.example.com')).toEqual({
      kind: 'allowed',
      origin: 'https://app.example.com',
      publicReadsOnly: false,
    });
    expect(crossOriginAccess(anyone, 'null').kind).toBe('refused');
  });
});

describe('preflight', () => {
  const anyone = corsPolicy(['https://app.example.com', '*'], true);
  const ask = (origin: string, method: string, headers: string) =>
    preflight(crossOriginAccess(anyone, origin), { 'access-control-request-method': method, 'access-control-request-headers': headers });

  it('allows what a GraphQL client sends, for a while', () => {
    const answer = ask('https://app.example.com', 'POST', 'Content-Type, Authorization, apollo-require-preflight');
    expect(answer.status).toBe(204);
    expect(answer.headers).toMatchObject({
      'access-control-allow-origin': 'https://app.example.com',
      'access-control-allow-methods': 'GET, POST',
      'access-control-max-age': '7200',
    });
    expect(answer.headers['access-control-allow-headers']!.split(', ')).toEqual(
      expect.arrayContaining(['content-type', 'authorization', 'apollo-require-preflight']),
    );
    expect(answer.headers.vary).toContain('Origin');
  });

  it('does not let * send credentials', () => {
    const answer = ask('https://elsewhere.example', 'POST', 'content-type, authorization');
    expect(answer.status).toBe(403);
    expect(answer.refusal).toContain('authorization');
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    const publicRead = ask('https://elsewhere.example', 'POST', 'content-type');
    expect(publicRead.headers['access-control-allow-origin']).toBe('*');
    expect(publicRead.headers['access-control-allow-headers']).not.toContain('authorization');
  });

  it('refuses other methods and headers, saying which', () => {
    expect(ask('https://app.example.com', 'DELETE', 'content-type').refusal).toContain('DELETE');
    expect(ask('https://app.example.com', 'POST', 'content-type, x-debug-sql').refusal).toContain('x-debug-sql');
  });
});
