/**
 * A fake Open-Meteo on loopback: answers `/v1/forecast` from the request's own parameters in the
 * real format (an object for one place, an array for several, `location_id` echoed), or as the
 * test scripts it to misbehave, and records every request it received.
 */
import { createServer, type Server } from 'node:http';
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
  /** Every request's URL, in order. */
  requests: URL[];
  /** Behaviours for the next requests, in order; once spent, requests get full answers. */
  script(...behaviours: Behaviour[]): void;
  close(): Promise<void>;
}

export async function startFakeOpenMeteo(): Promise<FakeOpenMeteo> {
  const requests: URL[] = [];
  const queue: Behaviour[] = [];
  const hanging = new Set<import('node:http').ServerResponse>();

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
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
    const body = answer(url, behaviour.kind === 'answer' ? behaviour : {});
    if (behaviour.kind === 'truncate') {
      // As Open-Meteo streams: the 200 and half the JSON are sent, then the error as plain text.
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(body.slice(0, behaviour.after) + behaviour.error);
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
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
