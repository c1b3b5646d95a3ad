/**
 * The ceiling: how fast the benchmark's requests can be answered at all. A hand-written
 * node:http server with no GraphQL and no ORM: it recognises exactly the benchmark's documents
 * by their text, dispatches on operationName to code written for that one operation, runs
 * better-sqlite3 statements prepared once, and writes the JSON as text in selection order,
 * byte-identical to Skygraph's answers.
 *
 * It reads forecasts but never fills them: a place without a fresh run answers `current: null`
 * and empty lists, where Skygraph would compute and store the run first. The bench fills every
 * place the queries touch before timing, so the answers agree.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaults } from '../../../src/config.js';
import { createCeiling, type Ceiling } from './ceiling/context.js';
import { openBenchDatabase } from './ceiling/database.js';
import { answerAddFavorite, answerMoveFavorite, answerRemoveFavorite, createFavoriteWrites } from './ceiling/favorites.js';
import { badRequest, coerceVariables, operations, type Answer, type Operation, type Variables } from './ceiling/operations.js';
import { answerLocation, answerNear, answerSearch } from './ceiling/places.js';
import { answerMe } from './ceiling/viewer.js';
import type { Contender } from './contender.js';

type Handler = (op: Operation, values: Variables, authorization: string | undefined) => Answer;

/** The answer to one request body, from the operation it names. */
function dispatcher(ceiling: Ceiling): (body: string, authorization: string | undefined) => Answer {
  const writes = createFavoriteWrites(ceiling);
  const handlers: Record<string, Handler> = {
    Q1: (op, values, authorization) => answerLocation(ceiling, op, values, authorization),
    Q2: (op, values, authorization) => answerSearch(ceiling, op, values, authorization),
    Q3: (op, _values, authorization) => answerMe(ceiling, op, authorization),
    Q4: (op, values, authorization) => answerNear(ceiling, op, values, authorization),
    W1Add: (op, values, authorization) => answerAddFavorite(ceiling, writes, op, values, authorization),
    W1Move: (op, values, authorization) => answerMoveFavorite(ceiling, writes, op, values, authorization),
    W1Remove: (op, values, authorization) => answerRemoveFavorite(ceiling, writes, op, values, authorization),
  };

  return (text, authorization) => {
    let request: { operationName?: unknown; query?: unknown; variables?: unknown };
    try {
      request = JSON.parse(text) as typeof request;
    } catch {
      return badRequest('Request body must be valid JSON');
    }
    if (request === null || typeof request !== 'object') return badRequest('Request body must be a JSON object');
    const op = typeof request.operationName === 'string' ? operations.get(request.operationName) : undefined;
    if (op === undefined)
      return badRequest(`operationName must be one of ${[...operations.keys()].join(', ')}, got ${JSON.stringify(request.operationName)}`);
    // Only the benchmark's own document, byte for byte: the ceiling executes no GraphQL, so any
    // other text would be answered as if it were that document.
    if (request.query !== op.document) return badRequest(`query must be the text of the benchmark document of ${op.name}, got another`);
    const coerced = coerceVariables(op, request.variables);
    if ('refused' in coerced) return coerced.refused;
    return handlers[op.name]!(op, coerced.values, authorization);
  };
}

function send(res: ServerResponse, { status, body }: Answer): void {
  const bytes = Buffer.from(body, 'utf8');
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': bytes.length }).end(bytes);
}

function handle(answer: ReturnType<typeof dispatcher>, req: IncomingMessage, res: ServerResponse): void {
  if (req.url !== '/graphql' || req.method !== 'POST') {
    req.resume();
    send(res, { status: 404, body: `{"errors":[{"message":"Only POST /graphql is served","extensions":{"code":"NOT_FOUND"}}]}\n` });
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= defaults.bodyLimitBytes) chunks.push(chunk);
  });
  req.on('end', () => {
    if (size > defaults.bodyLimitBytes) return send(res, badRequest(`Request body must be at most ${defaults.bodyLimitBytes} bytes`));
    try {
      send(res, answer(Buffer.concat(chunks, size).toString('utf8'), req.headers.authorization));
    } catch (error) {
      console.error('ceiling: request failed', error);
      send(res, { status: 500, body: '{"errors":[{"message":"Internal server error","extensions":{"code":"INTERNAL_SERVER_ERROR"}}]}\n' });
    }
  });
}

const contender: Contender = {
  name: 'ceiling',
  description: 'Hand-written node:http + better-sqlite3 prepared statements, no GraphQL: the upper bound',
  queries: ['Q1', 'Q2', 'Q3', 'Q4', 'W1'],
  limits:
    'Answers only the benchmark documents, recognised by their exact text; never fills a missing forecast (the bench fills them first)',
  async start({ port, host, databasePath, now, onStatement }) {
    const sqlite = openBenchDatabase(databasePath, onStatement);
    const answer = dispatcher(createCeiling(sqlite, now));
    const server = createServer((req, res) => handle(answer, req, res));
    server.headersTimeout = 10_000;
    server.requestTimeout = 30_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, resolve);
    });
    const address = server.address() as AddressInfo;
    return {
      url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}/graphql`,
      close: () =>
        new Promise<void>((resolve, reject) => {
          server.close((error) => {
            sqlite.close();
            if (error) reject(error);
            else resolve();
          });
        }),
    };
  },
};

export default contender;
