/**
 * The HTTP server: GraphQL at /graphql through Apollo, health checks, a body size limit, one log
 * line per request, and a graceful stop. Plain node:http: Apollo's standalone server allows no
 * extra routes and fixes the body limit at 50 MB (see README, "How the pieces fit").
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type HTTPGraphQLResponse } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { OpenedDatabase } from '../db/open.js';
import { createApollo } from './apollo.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import { authenticate } from './accounts/viewer.js';
import { createContext } from './context.js';
import { corsPolicy, corsResponseHeaders, crossOriginAccess, preflight, type CrossOriginAccess } from './cors.js';
import { createExplorer } from './explorer/index.js';
import type { ForecastProvider } from './forecasts/provider.js';
import { cacheSecondsAt } from './cache-policy.js';
import { cacheScopes, createResponseCache, requestMeaning, type CachedResponse } from './response-cache.js';
import { createServices } from './services.js';
import { runIngest } from './ingest/run.js';
import { scheduleIngest } from './ingest/schedule.js';
import { resolveTrustedDocument, trustedDocumentsFor } from './trusted-documents.js';

export interface ServerDeps {
  config: Config;
  database: OpenedDatabase;
  clock: Clock;
  provider: ForecastProvider;
  logger: Logger;
}

export interface RunningServer {
  /** Base URL of the GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql */
  url: string;
  httpServer: Server;
  /** Stops taking requests, lets in-flight ones finish, then closes the database. */
  stop(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Starts Skygraph on `config.host`:`config.port` (0 picks a free port). */
export async function startServer({ config, database, clock, provider, logger }: ServerDeps): Promise<RunningServer> {
  // First: a manifest that does not hold stops the start (main.ts logs why) before anything listens.
  const trustedDocuments = trustedDocumentsFor(config);
  const apollo = createApollo({
    production: config.production,
    logger,
    cacheMaxAgeSeconds: config.responseCacheSeconds,
    executor: config.executor,
    limits: config.limits,
    maxFavorites: config.maxFavorites,
  });
  const services = createServices(database, clock, config, provider, logger);

  const responseCache = config.responseCacheSeconds > 0 ? createResponseCache(config.responseCacheMegabytes * 1_000_000) : null;
  const explorer = createExplorer(config);

  const cors = corsPolicy(config.corsOrigins, config.production);

  async function handleGraphQL(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    access: CrossOriginAccess,
  ): Promise<string | undefined> {
    const method = req.method!.toUpperCase();
    const text = method === 'POST' ? await readBody(req, config.bodyLimitBytes) : '';
    const now = Math.floor(clock.now() / 1000);
    const auth = authenticate(services.accountStore, req.headers.authorization, now);
    // Answers are kept for everyone, for everyone with the same units, or for one account at one
    // version (response-cache.ts). Only JSON POSTs are served from the cache: Apollo's CSRF check
    // would refuse other requests (and GETs can be cached by any HTTP cache in front, from their
    // cache-control header); a request with a bad token is never served from it.
    const scopes = responseCache ? cacheScopes(auth) : null;
    const body = method === 'POST' ? parseJsonBody(text, req.headers['content-type']) : undefined;
    const meaning = scopes && method === 'POST' && isJson(req.headers['content-type']) ? requestMeaning(body) : null;
    const keyIn = (scope: string) => ({
      scope,
      contentType: req.headers['content-type']!,
      accept: req.headers.accept,
      request: meaning!,
      now,
    });
    let cached: CachedResponse | undefined;
    if (meaning !== null) {
      for (const scope of Object.values(scopes!)) if ((cached = responseCache!.get(keyIn(scope)))) break;
    }
    if (cached) {
      res
        .writeHead(cached.status, { ...Object.fromEntries(cached.headers), age: String(Math.max(0, now - cached.storedAt)) })
        .end(cached.body);
      return cached.operationName;
    }

    const operationName = operationNameOf(body, url);
    const request = resolveTrustedDocument(trustedDocuments, { method, body, search: url.search });
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const context = createContext(services, {
      authorization: req.headers.authorization,
      clientAddress: clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], config.trustProxy),
      now,
      auth,
      publicReadsOnly: access.kind === 'allowed' && access.publicReadsOnly,
    });
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method, headers, search: request.search, body: request.body },
      // Thrown here, a refusal is answered as Apollo answers its own errors, after its CSRF check.
      context: async () => {
        if (request.refusal) throw request.refusal;
        return context;
      },
    });
    res.statusCode = statusFor(response.status ?? 200, response.headers.get('content-type'), response.body);
    for (const [key, value] of response.headers) res.setHeader(key, value);
    if (response.body.kind === 'complete') {
      // Encoded once, for the socket and for the cache alike.
      const bytes = Buffer.from(response.body.string, 'utf8');
      res.end(bytes);
      if (res.statusCode >= 500) logger.error({ operationName, status: res.statusCode, body: response.body.string }, 'server error');
      const scope = meaning !== null && res.statusCode === 200 && context.cache.scope ? scopes![context.cache.scope] : undefined;
      if (scope !== undefined) {
        const entry = { status: res.statusCode, headers: [...response.headers], body: bytes, operationName, storedAt: now };
        responseCache!.set(keyIn(scope), entry, cacheSecondsAt(config.responseCacheSeconds, now));
      }
    } else {
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    }
    return operationName;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = process.hrtime.bigint();
    const url = new URL(req.url ?? '/', 'http://localhost');
    let operationName: string | undefined;
    try {
      // Before any route, so that every answer (an error too) reaches an allowed page.
      const access = crossOriginAccess(cors, req.headers.origin);
      for (const [name, value] of Object.entries(corsResponseHeaders(access))) res.setHeader(name, value);
      if (req.method === 'OPTIONS') {
        // A browser's preflight: before Apollo, whose CSRF check would refuse it.
        const answer = preflight(access, req.headers);
        if (answer.refusal) throw new HttpError(answer.status, 'FORBIDDEN', answer.refusal, answer.headers);
        res.writeHead(answer.status, answer.headers).end();
        return;
      }
      const explorerRoute = explorer.route(req, url);
      if (explorerRoute) {
        // `/`, GraphiQL and its assets, and in production a browser's GET /graphql (src/explorer/).
        await explorerRoute(res);
      } else if (url.pathname === '/graphql') {
        operationName = await handleGraphQL(req, res, url, access);
      } else if (url.pathname === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) {
        sendJson(res, 200, { status: 'ok' });
      } else if (url.pathname === '/readyz' && (req.method === 'GET' || req.method === 'HEAD')) {
        // A failing forecast provider degrades the service (stored forecasts are still served), it does not take it down.
        const providerStatus = await provider.status?.();
        const details = providerStatus ? { provider: { name: provider.name, ...providerStatus } } : {};
        if (!(await ready(database))) sendJson(res, 503, { status: 'database unavailable', ...details });
        else sendJson(res, 200, { status: providerStatus?.state === 'degraded' ? 'degraded' : 'ready', ...details });
      } else {
        throw new HttpError(404, 'NOT_FOUND', `No route ${req.method} ${url.pathname}; GraphQL is served at /graphql`);
      }
    } catch (error) {
      if (error instanceof HttpError) {
        if (error.status === 413) res.setHeader('connection', 'close');
        for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
        sendJson(res, error.status, { errors: [{ message: error.message, extensions: { code: error.code } }] });
      } else {
        logger.error({ err: error }, 'request failed');
        if (!res.headersSent)
          sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
        else res.destroy();
      }
    } finally {
      logger.info(
        {
          method: req.method,
          path: url.pathname,
          operationName,
          status: res.statusCode,
          durationMs: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
        },
        'request',
      );
    }
  }

  // Node's defaults (60 s for headers, 300 s per request) let slow clients hold sockets open, and
  // it checks them only every `connectionsCheckingInterval` (30 s by default): a 10 s limit
  // would cut a slow client after up to 40 s. Checked every second here.
  const httpServer = createServer(
    {
      headersTimeout: config.headersTimeoutMs,
      requestTimeout: config.requestTimeoutMs,
      connectionsCheckingInterval: 1_000,
    },
    (req, res) => void handle(req, res),
  );
  httpServer.maxConnections = config.maxConnections;
  let lastDropLogged = 0;
  httpServer.on('drop', (data) => {
    // One line a second at most: a flood of refused connections must not flood the log too.
    if (Date.now() - lastDropLogged < 1_000) return;
    lastDropLogged = Date.now();
    logger.warn(
      { maxConnections: config.maxConnections, remoteAddress: data?.remoteAddress },
      'connection refused: too many open connections',
    );
  });
  apollo.addPlugin(ApolloServerPluginDrainHttpServer({ httpServer }));
  await apollo.start();
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, resolve);
  });
  const { port } = httpServer.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  // Once listening: a server that could not start must not have begun calling the provider.
  const ingest =
    config.ingest.intervalMinutes > 0
      ? scheduleIngest(
          config.ingest.intervalMinutes,
          (signal) => runIngest({ db: database.db, provider, store: services.forecastStore, clock, config, logger, signal }),
          logger,
        )
      : null;

  let stopping: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}/graphql`,
    httpServer,
    stop: () =>
      (stopping ??= (async () => {
        await Promise.all([apollo.stop(), ingest?.stop()]);
        // Fold the WAL into the database file, so that what is left on disk is one file.
        if (database.sqlite.open) database.sqlite.pragma('wal_checkpoint(TRUNCATE)');
        database.sqlite.close();
      })()),
  };
}

async function ready({ db }: OpenedDatabase): Promise<boolean> {
  try {
    await db.get(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}

/**
 * The client's address. Behind `trustedProxies` proxies, each of which appends the address it
 * was reached from to X-Forwarded-For, the rightmost hops are theirs and trustworthy, while
 * anything to their left the client may have written itself: the client is the hop the
 * outermost trusted proxy saw, `trustedProxies` from the right (counting the socket's peer, the
 * innermost proxy, as the first). With fewer hops than proxies, the leftmost there is.
 */
export function clientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustedProxies: number,
): string {
  const hops = [socketAddress ?? 'unknown'];
  if (trustedProxies > 0 && forwardedFor !== undefined) {
    const forwarded = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
      .split(',')
      .map((hop) => hop.trim())
      .filter(Boolean);
    hops.push(...forwarded.reverse());
  }
  return hops[Math.min(trustedProxies, hops.length - 1)]!;
}

/**
 * The GraphQL-over-HTTP spec's status codes. A client that accepts only `application/json` gets
 * 200 for every well-formed request, whatever errors the body holds (parse, validation, variable
 * coercion, limits), since such clients may not read the body of a 4xx; Apollo answers 400.
 * Requests that are not well-formed (bad JSON, no query, CSRF) are BAD_REQUEST and stay 400.
 * With `application/graphql-response+json` the 4xx stand, as the spec asks.
 */
function statusFor(status: number, contentType: string | undefined, body: HTTPGraphQLResponse['body']): number {
  if (status !== 400 || body.kind !== 'complete' || !/^application\/json\b/.test(contentType ?? '')) return status;
  const errors = (JSON.parse(body.string) as { errors?: { extensions?: { code?: unknown } }[] }).errors ?? [];
  return errors.length > 0 && errors.every((error) => error.extensions?.code !== 'BAD_REQUEST') ? 200 : status;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

/** The request body as text, refused beyond `limit` bytes. */
async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const tooLarge = () => new HttpError(413, 'PAYLOAD_TOO_LARGE', `Request body must be at most ${limit} bytes`);
  if (Number(req.headers['content-length'] ?? 0) > limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function isJson(contentType: string | undefined): boolean {
  return /^application\/(graphql-response\+)?json\b/i.test(contentType ?? '');
}

/** The parsed JSON body, or undefined when the request is not JSON (Apollo then explains). */
function parseJsonBody(text: string, contentType: string | undefined): unknown {
  if (!isJson(contentType)) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'BAD_REQUEST', 'Request body must be valid JSON');
  }
}

function operationNameOf(body: unknown, url: URL): string | undefined {
  if (body && typeof body === 'object' && 'operationName' in body && typeof body.operationName === 'string') return body.operationName;
  return url.searchParams.get('operationName') ?? undefined;
}
