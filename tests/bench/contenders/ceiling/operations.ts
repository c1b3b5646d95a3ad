/**
 * The operations the ceiling answers: exactly the benchmark's documents, nothing else. Also how
 * it says no, shaped as Skygraph's GraphQL errors (same messages, codes and locations), though
 * only the successful answers are held to byte-identity by the check.
 */
import { document } from '../../fixture.js';

type VariableType = 'ID!' | 'String!' | 'Float!';
type Location = { line: number; column: number };

/** One named operation of a benchmark document, with what its errors need to say where. */
export interface Operation {
  name: string;
  /** The full document text a request must send, byte for byte. */
  document: string;
  /** The root field the operation selects, where it stands, and whether it may be null. */
  field: string;
  fieldLocation: Location;
  nullable: boolean;
  variables: { name: string; type: VariableType; location: Location }[];
}

/** An HTTP answer: status and the exact body text. */
export interface Answer {
  status: number;
  body: string;
}

function locationOf(text: string, index: number): Location {
  if (index < 0) throw new Error(`the benchmark document changed: expected text was not found`);
  const before = text.slice(0, index);
  return { line: before.split('\n').length, column: index - before.lastIndexOf('\n') };
}

function operation(
  name: string,
  documentName: 'Q1' | 'Q2' | 'Q3' | 'Q4' | 'W1',
  field: string,
  nullable: boolean,
  variables: [string, VariableType][],
): Operation {
  const text = document(documentName);
  const start = text.search(new RegExp(`(query|mutation) ${name}\\b`));
  return {
    name,
    document: text,
    field,
    fieldLocation: locationOf(text, text.indexOf(`  ${field}`, start) + 2),
    nullable,
    variables: variables.map(([variable, type]) => ({
      name: variable,
      type,
      location: locationOf(text, text.indexOf(`$${variable}:`, start)),
    })),
  };
}

/** The benchmark's operations by operationName. */
export const operations: ReadonlyMap<string, Operation> = new Map(
  [
    operation('Q1', 'Q1', 'location', true, [['id', 'ID!']]),
    operation('Q2', 'Q2', 'locations', false, [['search', 'String!']]),
    operation('Q3', 'Q3', 'me', true, []),
    operation('Q4', 'Q4', 'locations', false, [
      ['latitude', 'Float!'],
      ['longitude', 'Float!'],
    ]),
    operation('W1Add', 'W1', 'addFavorite', false, [['locationId', 'ID!']]),
    operation('W1Move', 'W1', 'moveFavorite', false, [['id', 'ID!']]),
    operation('W1Remove', 'W1', 'removeFavorite', false, [['id', 'ID!']]),
  ].map((op) => [op.name, op]),
);

const locationJson = ({ line, column }: Location) => `[{"line":${line},"column":${column}}]`;

/** A refused request (not one of the benchmark's operations, or not JSON): HTTP 400. */
export function badRequest(message: string): Answer {
  return { status: 400, body: `{"errors":[{"message":${JSON.stringify(message)},"extensions":{"code":"BAD_REQUEST"}}]}\n` };
}

/** An error of the root field (its resolver threw), with `data` as GraphQL nulls it. */
export function fieldError(op: Operation, code: string, message: string, argumentName?: string): Answer {
  const extensions = argumentName ? `{"argumentName":${JSON.stringify(argumentName)},"code":"${code}"}` : `{"code":"${code}"}`;
  return {
    status: 200,
    body:
      `{"errors":[{"message":${JSON.stringify(message)},"locations":${locationJson(op.fieldLocation)},"path":["${op.field}"],` +
      `"extensions":${extensions}}],"data":${op.nullable ? `{"${op.field}":null}` : 'null'}}\n`,
  };
}

function variableError(location: Location, message: string): Answer {
  return {
    status: 400,
    body: `{"errors":[{"message":${JSON.stringify(message)},"locations":${locationJson(location)},"extensions":{"code":"BAD_USER_INPUT"}}]}\n`,
  };
}

/** Variables coerced as GraphQL would coerce them; unknown names are ignored, as GraphQL does. */
export type Variables = Record<string, string | number>;

/** The variables coerced as GraphQL would (an integer ID becomes a string), or the error GraphQL gives. */
export function coerceVariables(op: Operation, raw: unknown): { values: Variables } | { refused: Answer } {
  const given = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const values: Variables = {};
  for (const { name, type, location } of op.variables) {
    const value = given[name];
    if (value === undefined)
      return { refused: variableError(location, `Variable "$${name}" of required type "${type}" was not provided.`) };
    if (value === null) return { refused: variableError(location, `Variable "$${name}" of non-null type "${type}" must not be null.`) };
    const invalid = (why: string) => ({
      refused: variableError(location, `Variable "$${name}" got invalid value ${JSON.stringify(value)}; ${why}`),
    });
    if (type === 'ID!') {
      if (typeof value === 'string') values[name] = value;
      else if (Number.isInteger(value)) values[name] = String(value);
      else return invalid(`ID cannot represent value: ${JSON.stringify(value)}`);
    } else if (type === 'String!') {
      if (typeof value !== 'string') return invalid(`String cannot represent a non string value: ${JSON.stringify(value)}`);
      values[name] = value;
    } else {
      if (typeof value !== 'number' || !Number.isFinite(value))
        return invalid(`Float cannot represent non numeric value: ${JSON.stringify(value)}`);
      values[name] = value;
    }
  }
  return { values };
}
