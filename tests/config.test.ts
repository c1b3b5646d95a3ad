import { describe, expect, it } from '@jest/globals';
import { resolve } from 'node:path';
import { defaults, loadConfig } from '../src/config.js';

describe('configuration', () => {
  it('uses the defaults when nothing is set', () => {
    expect(loadConfig({})).toEqual({ ...defaults });
  });

  it('reads every documented variable', () => {
    const config = loadConfig({
      PORT: '0',
      SKYGRAPH_NOW: '2026-03-29T03:00:00+02:00',
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      RESPONSE_CACHE_SECONDS: '0',
      EXECUTOR: 'graphql-js',
      TRUST_PROXY: '1',
      TRUSTED_DOCUMENTS: 'client/persisted-documents.json',
      EXPLORER: 'graphiql',
      CORS_ORIGINS: 'https://app.example.com,*',
      FORECAST_PROVIDER: 'open-meteo',
      FORECAST_WAIT_MS: '1500',
      OPEN_METEO_BASE_URL: 'https://customer-api.open-meteo.com/',
      OPEN_METEO_API_KEY: 'k3y',
      OPEN_METEO_MODEL: 'icon_seamless',
      OPEN_METEO_BATCH_SIZE: '300',
      OPEN_METEO_TIMEOUT_MS: '5000',
      OPEN_METEO_META_MODEL: 'dwd_icon',
      OPEN_METEO_CONCURRENCY: '2',
      OPEN_METEO_CALLS_PER_MINUTE: '3000',
      OPEN_METEO_CALLS_PER_HOUR: '50000',
      OPEN_METEO_CALLS_PER_DAY: '1000000',
      INGEST_INTERVAL_MINUTES: '60',
      INGEST_POPULOUS_PLACES: '10000',
      INGEST_GRID_DEGREES: '0.1',
    });
    expect(config).toMatchObject({
      port: 0,
      now: Date.parse('2026-03-29T01:00:00Z'),
      production: true,
      logLevel: 'warn',
      responseCacheSeconds: 0,
      executor: 'graphql-js',
      trustProxy: 1,
      trustedDocumentsPath: resolve('client/persisted-documents.json'),
      explorer: 'graphiql',
      corsOrigins: ['https://app.example.com', '*'],
      forecastProvider: 'open-meteo',
      forecastWaitMs: 1500,
      openMeteo: {
        baseUrl: 'https://customer-api.open-meteo.com/',
        apiKey: 'k3y',
        model: 'icon_seamless',
        batchSize: 300,
        timeoutMs: 5000,
        metaModel: 'dwd_icon',
        concurrency: 2,
        budget: { minute: 3000, hour: 50_000, day: 1_000_000 },
      },
      ingest: { intervalMinutes: 60, populousPlaces: 10_000, gridDegrees: 0.1 },
    });
  });

  it('names every bad variable in one message', () => {
    let message = '';
    try {
      loadConfig({
        PORT: 'eighty',
        SKYGRAPH_NOW: '2026-03-29 03:00',
        EXECUTOR: 'fast',
        EXPLORER: 'playground',
        CORS_ORIGINS: 'https://app.example.com/',
        FORECAST_PROVIDER: 'openmeteo',
        OPEN_METEO_BASE_URL: 'file:///etc/passwd',
        OPEN_METEO_MODEL: 'best_match&apikey=x',
        OPEN_METEO_BATCH_SIZE: '5000',
        OPEN_METEO_META_MODEL: '../../etc',
        INGEST_GRID_DEGREES: 'fine',
      });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('PORT must be an integer from 0 to 65535, got "eighty"');
    expect(message).toContain('SKYGRAPH_NOW must be an ISO date-time with an offset');
    expect(message).toContain('EXECUTOR must be jit or graphql-js, got "fast"');
    expect(message).toContain('EXPLORER must be one of sandbox, graphiql, none, got "playground"');
    expect(message).toContain('CORS_ORIGINS entries must be origins like https://app.example.com');
    expect(message).toContain('FORECAST_PROVIDER must be offline or open-meteo, got "openmeteo"');
    expect(message).toContain('OPEN_METEO_BASE_URL must be an http(s) URL, got "file:///etc/passwd"');
    expect(message).toContain('OPEN_METEO_MODEL must be a model name such as best_match');
    expect(message).toContain('OPEN_METEO_BATCH_SIZE must be an integer from 1 to 1000, got "5000"');
    expect(message).toContain('OPEN_METEO_META_MODEL must be a model name such as dwd_icon, got "../../etc"');
    expect(message).toContain('INGEST_GRID_DEGREES must be a number from 0 to 1, got "fine"');
  });

  it('refuses a batch that could never fit the budget', () => {
    expect(() => loadConfig({ OPEN_METEO_BATCH_SIZE: '300', OPEN_METEO_CALLS_PER_MINUTE: '100' })).toThrow(
      /OPEN_METEO_BATCH_SIZE \(300\) must be at most the smallest of OPEN_METEO_CALLS_PER_MINUTE/,
    );
  });
});
