/**
 * The errors clients see. Each carries the `extensions.code` of the API contract; messages say
 * what was expected and what was got.
 */
import { GraphQLError } from 'graphql';

export type ErrorCode =
  'BAD_USER_INPUT' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'RATE_LIMITED' | 'QUERY_TOO_COMPLEX' | 'FORECAST_UNAVAILABLE';

/** A client-facing error with its code and any extra extensions (e.g. `argumentName`). */
export function clientError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

export const badUserInput = (message: string, argumentName?: string): GraphQLError =>
  clientError('BAD_USER_INPUT', message, argumentName ? { argumentName } : {});

export const notFound = (message: string): GraphQLError => clientError('NOT_FOUND', message);
