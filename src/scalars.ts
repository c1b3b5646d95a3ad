/**
 * The custom scalars. DateTime values are produced already formatted in the place's time zone
 * (see time.ts), so serializing only checks the type; as input, DateTime becomes unix seconds.
 */
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { parseDateTime } from './time.js';

function parseDateTimeInput(value: unknown): number {
  const unix = typeof value === 'string' ? parseDateTime(value) : null;
  if (unix === null) {
    throw new GraphQLError(`DateTime must be ISO-8601 with an offset, e.g. "2026-03-29T03:00:00+02:00", got ${JSON.stringify(value)}`);
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
