/**
 * What every benchmark contender provides: a server over the benchmark's SQLite file that
 * answers the query documents of tests/bench/queries (or its own equivalents) at /graphql.
 */
import type { QueryName } from '../fixture.js';

export interface StartOptions {
  port: number;
  host: string;
  databasePath: string;
  /** The pinned "now", unix milliseconds. */
  now: number;
  /** Called with every SQL statement executed (the harness counts statements per request). */
  onStatement?: (sql: string) => void;
}

export interface RunningContender {
  /** The GraphQL endpoint, e.g. http://127.0.0.1:4100/graphql */
  url: string;
  close(): Promise<void>;
}

export interface Contender {
  name: string;
  /** One line for the results table: what it is. */
  description: string;
  /** The queries it answers; the others are listed as "cannot express" with `limits`. */
  queries: readonly QueryName[];
  /** Why it cannot answer the queries it leaves out, or answers them differently. */
  limits?: string;
  /** Its own documents where its schema differs from Skygraph's (drizzle-graphql). */
  documents?: Partial<Record<QueryName, string>>;
  /**
   * Checks its answer against Skygraph's for the same query; returns the differences (empty
   * when equivalent). Without it, the two response bodies must be byte-identical.
   */
  compare?: (query: QueryName, own: unknown, skygraph: unknown) => string[];
  start(options: StartOptions): Promise<RunningContender>;
}
