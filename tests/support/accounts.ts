/**
 * Account helpers for integration tests: sign a new person up and get their token.
 */
import { expect } from '@jest/globals';
import type { TestServer } from './server.js';

let people = 0;

/** Signs up a new account with a unique email; returns its token, email and password. */
export async function signUp(server: TestServer, name = 'person'): Promise<{ token: string; email: string; password: string; id: string }> {
  const email = `${name}-${process.pid}-${++people}@example.com`;
  const password = 'correct horse battery';
  const res = await server.gql('mutation ($input: SignUpInput!) { signUp(input: $input) { token account { id } } }', {
    input: { email, password },
  });
  expect(res.body.errors).toBeUndefined();
  return { token: res.body.data.signUp.token, email, password, id: res.body.data.signUp.account.id };
}

/** Global IDs of the first `count` places a search finds. */
export async function placeIds(server: TestServer, args: string, count: number): Promise<string[]> {
  const res = await server.gql(`{ locations(${args}, first: ${count}) { nodes { id } } }`);
  expect(res.body.errors).toBeUndefined();
  return res.body.data.locations.nodes.map((n: { id: string }) => n.id);
}

export const ADD =
  'mutation ($input: AddFavoriteInput!) { addFavorite(input: $input) { favorite { id position label location { name } } } }';
