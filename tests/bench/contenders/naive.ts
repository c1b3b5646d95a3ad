/**
 * Skygraph without batching: the same schema, resolvers and Apollo settings, but every loader is
 * replaced by one that runs one query per object (DataLoader with `batch: false, cache: false`),
 * which is what a resolver tree without DataLoader costs. A page of 50 places then reads their
 * forecasts with 50 queries per forecast field instead of one for all of them.
 *
 * Production code is untouched: the context is built as Skygraph builds it, then its loaders are
 * swapped for the per-object ones below, which mirror src/{locations,forecasts,favorites}/loaders.ts
 * one key at a time (including the favorites privacy rule and the read-through forecast fill).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import DataLoader from 'dataloader';
import { and, asc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import { pino } from 'pino';
import type { Db } from '../../../db/open.js';
import { favorites, forecastDays, forecastHours, forecastRuns, locations, type FavoriteRow, type LocationRow } from '../../../db/schema.js';
import { createApollo } from '../../../src/apollo.js';
import { createContext, type Context, type Services } from '../../../src/context.js';
import type { FavoriteModel } from '../../../src/favorites/loaders.js';
import { runWindow } from '../../../src/forecasts/horizon.js';
import type { DailySummary } from '../../../src/forecasts/daily.js';
import type { DaysKey, HoursKey } from '../../../src/forecasts/loaders.js';
import { dayColumns, hourColumns } from '../../../src/forecasts/queries.js';
import type { ForecastHour } from '../../../src/forecasts/model.js';
import { withDays } from '../../../src/forecasts/store.js';
import { addDays } from '../../../src/time.js';
import { clientAddress } from '../../../src/server.js';
import { queryNames } from '../fixture.js';
import type { Contender } from './contender.js';
import { benchServices } from './services.js';

const HOUR = 3_600;

/** A loader that calls `load` once per key: no batching, no per-request cache (so `prime` is a no-op). */
function perObject<K, V, C = K>(load: (key: K) => Promise<V>): DataLoader<K, V, C> {
  return new DataLoader<K, V, C>((keys) => Promise.all(keys.map(load)), { batch: false, cache: false });
}

const p = sql.placeholder;

/** Single-key reads, prepared once per process as Skygraph's batched ones are: only batching differs. */
function prepareSingleKeyQueries(db: Db) {
  const favoritesOfViewer = (condition: SQL) =>
    db
      .select({ favorite: favorites, location: locations })
      .from(favorites)
      .innerJoin(locations, eq(locations.id, favorites.locationId))
      .where(and(eq(favorites.accountId, p('viewerId')), condition))
      .orderBy(asc(favorites.position))
      .prepare();
  return {
    location: db
      .select()
      .from(locations)
      .where(eq(locations.id, p('id')))
      .prepare(),
    hours: db
      .select(hourColumns)
      .from(forecastHours)
      .innerJoin(forecastRuns, eq(forecastRuns.locationId, forecastHours.locationId))
      .where(
        and(
          eq(forecastHours.locationId, p('id')),
          gte(forecastHours.time, p('from')),
          lt(forecastHours.time, p('to')),
          gte(forecastRuns.fetchedAt, p('freshSince')),
        ),
      )
      .orderBy(asc(forecastHours.time))
      .prepare(),
    days: db
      .select(dayColumns)
      .from(forecastDays)
      .innerJoin(forecastRuns, eq(forecastRuns.locationId, forecastDays.locationId))
      .where(
        and(
          eq(forecastDays.locationId, p('id')),
          gte(forecastDays.date, p('from')),
          lt(forecastDays.date, p('to')),
          gte(forecastRuns.fetchedAt, p('freshSince')),
        ),
      )
      .orderBy(asc(forecastDays.date))
      .prepare(),
    run: db
      .select()
      .from(forecastRuns)
      .where(eq(forecastRuns.locationId, p('id')))
      .prepare(),
    // The privacy rule of favorites/loaders.ts: only the viewer's own rows are ever read.
    favorite: favoritesOfViewer(eq(favorites.id, p('id'))),
    favoritesOfViewer: favoritesOfViewer(sql`true`),
  };
}

type SingleKeyQueries = ReturnType<typeof prepareSingleKeyQueries>;

const withLocation = ({ favorite, location }: { favorite: FavoriteRow; location: LocationRow }): FavoriteModel => ({
  ...favorite,
  location,
});

/** Loaders of the same shape as the context's, each lookup one query for one key. */
function perObjectLoaders(
  queries: SingleKeyQueries,
  { forecastStore, provider, config }: Services,
  now: number,
  viewerId: number | null,
): Context['loaders'] {
  const window = runWindow(now);
  const windowEnd = window.from + window.hours * HOUR;
  const freshSince = now - config.forecastMaxAgeHours * HOUR;

  const fill = async (place: LocationRow) => {
    const runs = (await provider.forecast([place], window, now)).map((run) => withDays(run, place));
    forecastStore.storeRuns(runs);
    return runs;
  };

  // One place's hours [from, to), clamped to the run's window; a short answer means no fresh run,
  // so the place is forecast and stored (the same read-through as the batched loader).
  const hours = perObject<HoursKey, ForecastHour[], string>(async ({ place, ...range }) => {
    const from = Math.max(range.from, window.from);
    const to = Math.min(range.to, windowEnd);
    const rows = await queries.hours.all({ id: place.id, from, to, freshSince });
    if (rows.length >= (to - from) / HOUR) return rows;
    const [run] = await fill(place);
    return (run?.hours ?? []).filter((h) => h.time >= from && h.time < to);
  });

  // One place's local days [firstDate, firstDate + days), filled the same way when short.
  const days = perObject<DaysKey, DailySummary[], string>(async ({ place, firstDate, days: count }) => {
    const to = addDays(firstDate, count);
    const rows = await queries.days.all({ id: place.id, from: firstDate, to, freshSince });
    if (rows.length >= count) return rows;
    const [run] = await fill(place);
    return (run?.days ?? []).filter((d) => d.date >= firstDate && d.date < to);
  });

  return {
    locations: { byId: perObject(async (id: number) => (await queries.location.get({ id })) ?? null) },
    forecasts: {
      hours,
      current: async (place: LocationRow) => {
        const from = Math.floor(now / HOUR) * HOUR;
        return (await hours.load({ place, from, to: from + HOUR }))[0] ?? null;
      },
      days,
      source: perObject(async (id: number) => (await queries.run.get({ id })) ?? null),
    },
    favorites: {
      byId: perObject(async (id: number) => {
        const row = viewerId === null ? undefined : await queries.favorite.get({ viewerId, id });
        return row ? withLocation(row) : null;
      }),
      ofAccount: perObject(async (accountId: number) =>
        viewerId !== null && accountId === viewerId ? (await queries.favoritesOfViewer.all({ viewerId })).map(withLocation) : [],
      ),
    },
  };
}

const contender: Contender = {
  name: 'naive',
  description: 'Skygraph without batching: same schema, resolvers and Apollo Server 5, one query per object',
  queries: queryNames,
  async start(options) {
    const { port, host } = options;
    const { database, services } = benchServices(options);
    const queries = prepareSingleKeyQueries(database.db);
    // No response cache: naive is measured against Skygraph's engine (the skygraph-uncached contender).
    const apollo = createApollo({ production: true, logger: pino({ level: 'silent' }), cacheMaxAgeSeconds: 0 });

    const contextOf = (req: IncomingMessage): Context => {
      const context = createContext(services, {
        authorization: req.headers.authorization,
        clientAddress: clientAddress(req.socket.remoteAddress, undefined, 0),
      });
      context.loaders = perObjectLoaders(queries, services, context.now, context.auth.viewer?.account.id ?? null);
      return context;
    };

    // The GraphQL part of src/server.ts's handler; health routes and logging are left out.
    async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname !== '/graphql') {
        res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' }).end('{"errors":[{"message":"Not found"}]}');
        return;
      }
      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      }
      const chunks: Buffer[] = [];
      for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
      let body: unknown;
      if (req.method === 'POST' && /^application\/(graphql-response\+)?json\b/i.test(req.headers['content-type'] ?? '')) {
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          res
            .writeHead(400, { 'content-type': 'application/json; charset=utf-8' })
            .end('{"errors":[{"message":"Request body must be valid JSON"}]}');
          return;
        }
      }
      const response = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method!.toUpperCase(), headers, search: url.search, body },
        context: async () => contextOf(req),
      });
      for (const [key, value] of response.headers) res.setHeader(key, value);
      res.statusCode = response.status ?? 200;
      if (response.body.kind === 'complete') {
        res.end(response.body.string);
      } else {
        for await (const chunk of response.body.asyncIterator) res.write(chunk);
        res.end();
      }
    }

    const httpServer = createServer((req, res) => {
      handle(req, res).catch(() => {
        if (!res.headersSent)
          res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' }).end('{"errors":[{"message":"Internal server error"}]}');
        else res.destroy();
      });
    });
    apollo.addPlugin(ApolloServerPluginDrainHttpServer({ httpServer }));
    await apollo.start();
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(port, host, resolve);
    });
    const { port: bound } = httpServer.address() as AddressInfo;
    return {
      url: `http://${host}:${bound}/graphql`,
      async close() {
        await apollo.stop();
        database.sqlite.close();
      },
    };
  },
};

export default contender;
