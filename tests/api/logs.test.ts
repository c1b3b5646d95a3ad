import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ADD, placeIds } from '../support/accounts.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
beforeAll(async () => (server = await startTestServer({ captureLogs: true, config: { loginFailuresPerEmail: 5 } })));
afterAll(() => server.stop());

describe('the log', () => {
  it('holds one JSON line per request and no token, password or email of a whole account journey', async () => {
    const email = 'Secret.Person@Example.com';
    const password = 'a very secret passphrase';
    const signed = await server.gql('mutation ($input: SignUpInput!) { signUp(input: $input) { token } }', {
      input: { email, password, displayName: 'Hidden Name' },
    });
    const firstToken: string = signed.body.data.signUp.token;
    // Mistakes are logged too: a wrong password, a refusal, a bad token, a malformed request.
    for (const wrong of ['a wrong passphrase 1', 'a wrong passphrase 2', 'a wrong passphrase 3']) {
      await server.gql('mutation ($e: String!, $p: String!) { logIn(input: { email: $e, password: $p }) { token } }', {
        e: email,
        p: wrong,
      });
    }
    await server.gql('{ me { email } }', undefined, { token: `${firstToken}x` });
    await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${firstToken}` },
      body: `{"query": "${password}`,
    });
    const [place] = await placeIds(server, 'search: "oslo"', 1);
    await server.gql(ADD, { input: { locationId: place, label: 'Hidden Label' } }, { token: firstToken });
    await server.gql('{ me { email displayName favorites { label } } }', undefined, { token: firstToken });
    await server.gql('mutation { updatePreferences(input: { windSpeedUnit: KNOTS }) { preferences { windSpeedUnit } } }', undefined, {
      token: firstToken,
    });
    await server.gql('mutation { logOut }', undefined, { token: firstToken });
    const again = await server.gql('mutation ($e: String!, $p: String!) { logIn(input: { email: $e, password: $p }) { token } }', {
      e: email,
      p: password,
    });
    const secondToken = again.body.data?.logIn?.token ?? '';
    await server.gql('mutation ($p: String!) { deleteAccount(password: $p) }', { p: password }, { token: secondToken });

    expect(server.logs.length).toBeGreaterThanOrEqual(12);
    for (const line of server.logs) expect(() => JSON.parse(line)).not.toThrow();
    const requests = server.logs.map((line) => JSON.parse(line)).filter((entry) => entry.msg === 'request');
    expect(requests.length).toBeGreaterThanOrEqual(12);
    expect(requests[0]).toMatchObject({ method: 'POST', path: '/graphql', status: 200, durationMs: expect.any(Number) });

    const all = server.logs.join('\n');
    for (const secret of [
      firstToken,
      secondToken,
      password,
      'wrong passphrase',
      email,
      email.toLowerCase(),
      'Hidden Name',
      'Hidden Label',
    ]) {
      expect(secret.length).toBeGreaterThan(5);
      expect(all).not.toContain(secret);
    }
  });

  it('logs every internal error with its cause, while the client sees only that there was one', async () => {
    const broken = await startTestServer({ captureLogs: true, production: true });
    try {
      broken.database.sqlite.close();
      const res = await broken.gql('{ locations(first: 1) { nodes { name } } }');
      expect(res.body.errors?.[0]).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      const logged = broken.logs.map((line) => JSON.parse(line)).find((entry) => entry.msg === 'unexpected error');
      expect(logged).toMatchObject({
        level: 50,
        path: ['locations', 'nodes'],
        err: { message: expect.stringMatching(/database connection is not open/) },
      });
      expect(logged.err.stack).toBeDefined();
    } finally {
      await broken.stop();
    }
  });
});
