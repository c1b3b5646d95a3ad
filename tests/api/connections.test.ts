import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect, type Socket } from 'node:net';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
beforeAll(
  async () =>
    (server = await startTestServer({
      captureLogs: true,
      config: { maxConnections: 3, headersTimeoutMs: 1_000, requestTimeoutMs: 2_000 },
    })),
);
afterAll(() => server.stop());

const port = () => Number(new URL(server.url).port);

/** A connection that has said nothing yet, and when it ends. */
function open(): Promise<{ socket: Socket; closed: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port(), '127.0.0.1');
    const closed = new Promise<number>((done) => socket.once('close', () => done(Date.now())));
    // Read whatever comes (a 408), so that the server's closing of the socket is seen.
    socket.resume();
    socket.once('connect', () => resolve({ socket, closed }));
    socket.once('error', reject);
  });
}

describe('connections', () => {
  it('cuts a client that is slow to send its headers soon after the limit, not up to 30 s later', async () => {
    const started = Date.now();
    const { socket, closed } = await open();
    socket.write('POST /graphql HTTP/1.1\r\nhost: x\r\n');
    // A 1 s limit checked every second: cut within about 2 s; Node's default check (every 30 s)
    // would keep it open far past the bound below.
    expect((await closed) - started).toBeLessThan(15_000);
  });

  it('closes connections past the cap at once, logs it, and serves again once they go', async () => {
    const held = await Promise.all([open(), open(), open()]);
    const extra = await open();
    await extra.closed;
    expect(server.logs.some((line) => JSON.parse(line).msg === 'connection refused: too many open connections')).toBe(true);
    for (const { socket } of held) socket.destroy();
    await Promise.all(held.map((h) => h.closed));
    // The server counts closed sockets asynchronously: ask until it has room again.
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      status = await fetch(`${server.origin}/healthz`)
        .then((res) => res.status)
        .catch(() => 0);
    }
    expect(status).toBe(200);
  });
});
