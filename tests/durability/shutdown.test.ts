/**
 * SIGTERM (what an orchestrator sends before it kills): the server stops taking connections,
 * finishes what it was doing, folds the WAL into the database file and exits 0.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { existsSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { startChildServer, type ChildServer } from '../support/child-server.js';

let server: ChildServer | undefined;
afterAll(() => server?.dispose());

interface Answer {
  status: number;
  body: { data?: any; errors?: unknown[] };
}

/**
 * A POST on its own connection whose body is sent in two parts: `sent` settles once the server
 * has parsed its headers (it answers `Expect: 100-continue` only then, so the request is
 * running on the server, not waiting in a socket buffer) and the first half is sent; `finish()`
 * sends the rest, `answer` settles with the response. Between the two, the request is in flight
 * on the server as long as we like.
 */
function halfSentPost(url: string, query: string) {
  const body = Buffer.from(JSON.stringify({ query }));
  const half = Math.floor(body.length / 2);
  const req = request(url, {
    method: 'POST',
    agent: false,
    headers: { 'content-type': 'application/json', 'content-length': String(body.length), expect: '100-continue' },
  });
  const answer = new Promise<Answer>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
  req.flushHeaders();
  const sent = new Promise<void>((resolve) => req.once('continue', () => req.write(body.subarray(0, half), () => resolve())));
  return { sent, answer, finish: () => req.end(body.subarray(half)) };
}

/** Whether a new TCP connection to `port` is refused (true) or accepted (false, and closed again). */
function connectionRefused(port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    // ECONNRESET: the kernel took the connection into the backlog as the listener closed, and
    // dropped it with the listener; the server never saw it.
    socket.once('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ECONNREFUSED' || error.code === 'ECONNRESET' ? resolve(true) : reject(error),
    );
  });
}

describe('on SIGTERM', () => {
  it('finishes the requests in flight, refuses new connections, checkpoints the WAL and exits 0', async () => {
    server = await startChildServer();
    const port = Number(new URL(server.url).port);
    const wal = `${server.databasePath}-wal`;
    // A write, so that the WAL has something to fold back before the exit.
    const signUp = await server.gql(
      'mutation { signUp(input: { email: "drain@example.com", password: "correct horse battery" }) { token } }',
    );
    expect(signUp.body.errors).toBeUndefined();
    expect(statSync(wal).size).toBeGreaterThan(0);

    // Each one different, so that the response cache cannot answer one from another; small
    // enough for any cost limit.
    const slow = (i: number) => `query Slow${i} { locations(first: 20) { nodes { name hourly(hours: ${48 - i}) { temperature } } } }`;
    const inFlight = [0, 1, 2, 3, 4, 5].map((i) => halfSentPost(server!.url, slow(i)));
    await Promise.all(inFlight.map((r) => r.sent));

    server.kill('SIGTERM');
    await server.waitForLog((log) => String(log.msg).startsWith('stopping'));
    // The listener closes as the drain begins, a few event-loop turns after the log line, and
    // while the slow requests are still in flight (their bodies are not all sent yet).
    let refused = false;
    for (const deadline = Date.now() + 5_000; !refused && Date.now() < deadline;) refused = await connectionRefused(port);
    expect(refused).toBe(true);

    for (const r of inFlight) r.finish();
    const answers = await Promise.all(inFlight.map((r) => r.answer));
    for (const [i, answer] of answers.entries()) {
      expect(answer.status).toBe(200);
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data.locations.nodes).toHaveLength(20);
      expect(answer.body.data.locations.nodes[0].hourly).toHaveLength(48 - i);
    }
    const exit = await server.exited;

    expect(exit).toEqual({ code: 0, signal: null });
    expect(existsSync(wal) ? statSync(wal).size : 0).toBe(0);
    expect(server.lines.at(-1) && JSON.parse(server.lines.at(-1)!).msg).toBe('stopped');
  });
});
