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
      });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('PORT must be an integer from 0 to 65535, got "eighty"');
    expect(message).toContain('SKYGRAPH_NOW must be an ISO date-time with an offset');
    expect(message).toContain('EXECUTOR must be jit or graphql-js, got "fast"');
    expect(message).toContain('EXPLORER must be one of sandbox, graphiql, none, got "playground"');
    expect(message).toContain('CORS_ORIGINS entries must be origins like https://app.example.com');
  });
});
