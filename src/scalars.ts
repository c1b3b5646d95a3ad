/**
 * The custom scalars. DateTime values are produced already formatted in the place's time zone
 * (see time.ts), so serializing only checks the type; as input, DateTime becomes unix seconds.
 */
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { parseDateTime } from './time.js';

// Instants a weather API can speak of: time zone rules before 1970 are local mean times with
// offsets of seconds (which would echo back as nonsense), and after 9999 ISO-8601 needs a sign.
const EARLIEST = 0; // 1970-01-01T00:00:00Z
const LATEST = 253_402_300_799; // 9999-12-31T23:59:59Z

function parseDateTimeInput(value: unknown): number {
  const unix = typeof value === 'string' ? parseDateTime(value) : null;
  if (unix === null) {
    throw new GraphQLError(`DateTime must be ISO-8601 with an offset, e.g. "2026-03-29T03:00:00+02:00", got ${JSON.stringify(value)}`);
  }
  if (unix < EARLIEST || unix > LATEST) {
    throw new GraphQLError(`DateTime must be between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z, got ${JSON.stringify(value)}`);
  }
  return unix;
}

function serializeString(name: string) {
  return (value: unknown): string => {
    if (typeof value !== 'string') throw new GraphQLError(`${name} cannot represent ${JSON.stringify(value)}`);
    return value;
  };
}

export const DateTime = new GraphQLScalarType<number, string>({
  name: 'DateTime',
  serialize: serializeString('DateTime'),
  parseValue: parseDateTimeInput,
  parseLiteral: (ast) => parseDateTimeInput(ast.kind === Kind.STRING ? ast.value : undefined),
});

export const Date = new GraphQLScalarType<string, string>({
  name: 'Date',
  serialize: serializeString('Date'),
  parseValue(value) {
    if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
      throw new GraphQLError(`Date must be YYYY-MM-DD, got ${JSON.stringify(value)}`);
    }
    return value;
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING || !/^\d{4}-\d{2}-\d{2}$/.test(ast.value)) throw new GraphQLError('Date must be a YYYY-MM-DD string');
    return ast.value;
  },
});
