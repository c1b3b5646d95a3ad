/**
 * A fake Open-Meteo on loopback: answers `/v1/forecast` from the request's own parameters in the
 * real format (an object for one place, an array for several, `location_id` echoed), or as the
 * test scripts it to misbehave, and records every request it received.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestPlace } from '../../src/forecasts/open-meteo/request.js';
import { openMeteoResult, type ResultOptions } from './open-meteo.js';

/** What the next request gets: a full answer (with values per place), a status and body, a body cut mid-stream, or no answer at all. */
export type Behaviour =
  | { kind: 'answer'; values?: ResultOptions['values']; temperatureAt?: ResultOptions['temperatureAt'] }
  | { kind: 'status'; status: number; body: string; headers?: Record<string, string> }
  | { kind: 'truncate'; after: number; error: string }
  | { kind: 'hang' };

export interface FakeOpenMeteo {
  url: string;
  /** Every `/v1/forecast` request's URL, in order. */
  requests: URL[];
  /** Every meta file request's URL, in order. */
  metaRequests: URL[];
  /** What `/data/<model>/static/meta.json` says from now on (unix seconds); a model without one is a 404. */
  setMeta(model: string, meta: { initialisedAt: number; availableAt: number }): void;
  /** Every answer's temperature from now on (null: the default, derived from each hour's index). */
  setTemperature(celsius: number | null): void;
  /** How long every forecast answer takes from now on (ms), as a slow provider's would. */
  setDelay(ms: number): void;
  /** Behaviours for the next requests, in order; once spent, requests get full answers. */
  script(...behaviours: Behaviour[]): void;
  close(): Promise<void>;
}

export async function startFakeOpenMeteo(): Promise<FakeOpenMeteo> {
  const requests: URL[] = [];
  const metaRequests: URL[] = [];
  const metas = new Map<string, { initialisedAt: number; availableAt: number }>();
  let temperature: number | null = null;
  let delayMs = 0;
  const queue: Behaviour[] = [];
  const hanging = new Set<ServerResponse>();

  const server: Server = createServer((req, res) => {
    if (delayMs > 0 && !req.url?.startsWith('/data/')) {
      const timer = setTimeout(() => respond(req, res), delayMs);
      res.once('close', () => clearTimeout(timer));
    } else respond(req, res);
  });

  function respond(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const metaPath = /^\/data\/([^/]+)\/static\/meta\.json$/.exec(url.pathname);
    if (metaPath) {
      metaRequests.push(url);
      const meta = metas.get(metaPath[1]!);
      if (!meta) res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
      else {
        const body = {
          last_run_initialisation_time: meta.initialisedAt,
          last_run_modification_time: meta.availableAt,
          last_run_availability_time: meta.availableAt,
          temporal_resolution_seconds: 3600,
          update_interval_seconds: 10800,
        };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      }
      return;
    }
    requests.push(url);
    const behaviour = queue.shift() ?? { kind: 'answer' };
    if (behaviour.kind === 'hang') {
      hanging.add(res);
      return;
    }
    if (behaviour.kind === 'status') {
      res.writeHead(behaviour.status, { 'content-type': 'application/json', ...behaviour.headers }).end(behaviour.body);
      return;
    }
    const scripted: Pick<ResultOptions, 'values' | 'temperatureAt'> = behaviour.kind === 'answer' ? behaviour : {};
    const body = answer(url, temperature === null || scripted.temperatureAt ? scripted : { ...scripted, temperatureAt: () => temperature });
    if (behaviour.kind === 'truncate') {
      // As Open-Meteo streams: the 200 and half the JSON are sent, then the error as plain text.
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(body.slice(0, behaviour.after) + behaviour.error);
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(body);
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    metaRequests,
    setMeta: (model, meta) => void metas.set(model, meta),
    setTemperature: (celsius) => void (temperature = celsius),
    setDelay: (ms) => void (delayMs = ms),
    script: (...behaviours) => void queue.push(...behaviours),
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The answer to a `/v1/forecast` URL, built from its coordinates, ids and hours. */
function answer(url: URL, { values, temperatureAt }: Pick<ResultOptions, 'values' | 'temperatureAt'>): string {
  const list = (name: string) => (url.searchParams.get(name) ?? '').split(',').map(Number);
  const latitudes = list('latitude');
  const longitudes = list('longitude');
  const ids = list('location_id');
  const from = Date.parse(`${url.searchParams.get('start_hour')}Z`) / 1000;
  const hours = (Date.parse(`${url.searchParams.get('end_hour')}Z`) / 1000 - from) / 3600 + 1;
  const results = latitudes.map((latitude, i) => {
    const place: RequestPlace = { id: ids[i]!, latitude, longitude: longitudes[i]! };
    return openMeteoResult(place, { from, hours, values, temperatureAt, withoutLocationId: latitudes.length === 1 });
  });
  return JSON.stringify(results.length === 1 ? results[0] : results);
}
