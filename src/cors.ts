/**
 * Cross-origin access (CORS): which web pages on other origins may call the API, and the answer
 * to their browsers' preflight requests. Browsers enforce it; the server only says what it allows.
 *
 * Origins come from an allow-list (`CORS_ORIGINS`). `*` lets any page make anonymous public
 * reads: its preflight does not allow `Authorization`, and its mutations are refused
 * (`publicReadsOnly`), so no page can sign up, log in or act for a person through it. Apollo's
 * CSRF prevention stays on for everyone: CORS governs what a page may read, not what a browser
 * may send without asking.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { Context } from './context.js';

/** Who may call from another origin. */
export interface CorsPolicy {
  /** Exact origins, as `new URL(…).origin` writes them. */
  origins: ReadonlySet<string>;
  /** Any `http(s)://localhost`, `127.0.0.1` or `[::1]` origin, on any port (the development default). */
  anyLocalhost: boolean;
  /** `*`: any origin, for anonymous public reads only. */
  anyOriginForPublicReads: boolean;
}

/** What a request's `Origin` is granted. */
export type CrossOriginAccess =
  | { kind: 'same-origin' } // no Origin header: not a cross-origin browser request
  | { kind: 'allowed'; origin: string; publicReadsOnly: boolean }
  | { kind: 'refused'; origin: string };

export const ALLOWED_METHODS = ['GET', 'POST'] as const;
/** What Apollo Client, urql and the client preset send; `authorization` only for listed origins. */
const PUBLIC_HEADERS = [
  'content-type',
  'accept',
  'apollo-require-preflight',
  'x-apollo-operation-name',
  'apollographql-client-name',
  'apollographql-client-version',
];
const PERSONAL_HEADERS = [...PUBLIC_HEADERS, 'authorization'];
// Chromium caps a preflight's lifetime at 2 hours; longer would be ignored.
export const PREFLIGHT_MAX_AGE_SECONDS = 7_200;

const LOCALHOST = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The allow-list from `CORS_ORIGINS` (comma-separated origins, or `*`), with a problem for every
 * entry that is not an origin. Null when unset: then the environment's default applies.
 */
export function parseCorsOrigins(raw: string | undefined): { origins: string[] | null; problems: string[] } {
  if (raw === undefined || raw.trim() === '') return { origins: null, problems: [] };
  const origins: string[] = [];
  const problems: string[] = [];
  for (const entry of raw.split(',').map((part) => part.trim())) {
    if (entry === '*') {
      origins.push(entry);
      continue;
    }
    let origin: string | null = null;
    try {
      const url = new URL(entry);
      if ((url.protocol === 'http:' || url.protocol === 'https:') && url.origin === entry.toLowerCase()) origin = url.origin;
    } catch {
      origin = null;
    }
    if (origin === null) {
      problems.push(
        `CORS_ORIGINS entries must be origins like https://app.example.com (scheme, host, optional port; no path) or *, got "${entry}"`,
      );
    } else {
      origins.push(origin);
    }
  }
  return { origins, problems };
}

/** The policy for `origins` (null: the default, any localhost origin in development, none in production). */
export function corsPolicy(origins: readonly string[] | null, production: boolean): CorsPolicy {
  if (origins === null) return { origins: new Set(), anyLocalhost: !production, anyOriginForPublicReads: false };
  return {
    origins: new Set(origins.filter((origin) => origin !== '*')),
    anyLocalhost: false,
    anyOriginForPublicReads: origins.includes('*'),
  };
}

/** What the request's `Origin` header is granted under `policy`. */
export function crossOriginAccess(policy: CorsPolicy, originHeader: string | undefined): CrossOriginAccess {
  if (originHeader === undefined) return { kind: 'same-origin' };
  // `null` (sandboxed frames, file: pages) is shared by every such page: never trusted.
  const origin = originHeader.trim();
  if (policy.origins.has(origin) || (policy.anyLocalhost && isLocalhost(origin)))
    return { kind: 'allowed', origin, publicReadsOnly: false };
  if (policy.anyOriginForPublicReads && origin !== 'null') return { kind: 'allowed', origin, publicReadsOnly: true };
  return { kind: 'refused', origin };
}

/** Headers that let the browser hand the response to an allowed page. */
export function corsResponseHeaders(access: CrossOriginAccess): Record<string, string> {
  if (access.kind !== 'allowed') return {};
  return { 'access-control-allow-origin': access.publicReadsOnly ? '*' : access.origin };
}

/** The answer to a preflight (`OPTIONS` with `Access-Control-Request-Method`). */
export function preflight(
  access: CrossOriginAccess,
  headers: IncomingHttpHeaders,
): { status: number; headers: Record<string, string>; refusal?: string } {
  const vary = { vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers' };
  if (access.kind === 'same-origin') return { status: 204, headers: { allow: [...ALLOWED_METHODS, 'OPTIONS'].join(', ') } };
  if (access.kind === 'refused') {
    return { status: 403, headers: vary, refusal: `Origin ${access.origin} may not call this API: add it to CORS_ORIGINS` };
  }
  const allowedHeaders = access.publicReadsOnly ? PUBLIC_HEADERS : PERSONAL_HEADERS;
  const method = String(headers['access-control-request-method'] ?? '').toUpperCase();
  if (!(ALLOWED_METHODS as readonly string[]).includes(method)) {
    return { status: 403, headers: vary, refusal: `Method ${method || '(none)'} is not allowed; GraphQL is sent with GET or POST` };
  }
  const requested = String(headers['access-control-request-headers'] ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  const unknown = requested.filter((name) => !allowedHeaders.includes(name));
  if (unknown.length > 0) {
    const why =
      access.publicReadsOnly && unknown.includes('authorization') ? ` (origin ${access.origin} may make anonymous public reads only)` : '';
    return { status: 403, headers: vary, refusal: `Request headers not allowed: ${unknown.join(', ')}${why}` };
  }
  return {
    status: 204,
    headers: {
      ...vary,
      ...corsResponseHeaders(access),
      'access-control-allow-methods': ALLOWED_METHODS.join(', '),
      'access-control-allow-headers': allowedHeaders.join(', '),
      'access-control-max-age': String(PREFLIGHT_MAX_AGE_SECONDS),
    },
  };
}

function isLocalhost(origin: string): boolean {
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === origin && LOCALHOST.has(url.hostname);
  } catch {
    return false;
  }
}

/**
 * Refuses every operation but a query from a page that `*` let in: the browser would keep the
 * answer from the page, but not the write from happening.
 */
export function publicReadsOnly(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ contextValue }) {
      if (!contextValue.publicReadsOnly) return;
      return {
        async didResolveOperation({ operation }) {
          if (!operation || operation.operation === 'query') return;
          throw new GraphQLError(
            `A page on another origin may only make anonymous public reads here; a ${operation.operation} needs its origin in CORS_ORIGINS`,
            { extensions: { code: 'FORBIDDEN', http: { status: 403 } } },
          );
        },
      };
    },
  };
}
