/**
 * Random GraphQL requests for fuzzing, generated from a schema with fast-check: operations of a
 * few root fields (sometimes aliased twice), random selection sets to a bounded depth (always at
 * least one leaf; inline fragments and named fragments sometimes), and arguments of the right and
 * of the wrong type, inline or as variables (sometimes declared with the wrong type, missing or
 * extra), with a valid, absent, unknown or empty operationName.
 *
 * Values are built as a small tree and printed twice: as a GraphQL literal and as JSON text. JSON
 * text rather than JSON.stringify, so that a variable can be 1e309 (which JSON.parse reads as
 * Infinity) or -0.
 */
import fc from 'fast-check';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isUnionType,
  type GraphQLArgument,
  type GraphQLCompositeType,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';

/** A value to send, as a tree that prints both as a GraphQL literal and as JSON. */
export type Value =
  | { kind: 'number'; text: string }
  | { kind: 'string'; value: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'enum'; value: string }
  | { kind: 'list'; items: Value[] }
  | { kind: 'object'; fields: [string, Value][] };

/** How one argument is passed. */
type Argument =
  | { name: string; via: 'inline'; value: Value }
  /** `declared` is the variable's type as written; `value` undefined leaves it out of `variables`. */
  | { name: string; via: 'variable'; declared: string; value: Value | undefined };

type Selection =
  | { kind: 'field'; name: string; aliased: boolean; args: Argument[]; selection: Selection[] | null }
  | { kind: 'inline'; on: string | null; selection: Selection[] }
  | { kind: 'spread'; on: string; selection: Selection[] };

interface Operation {
  type: 'query' | 'mutation';
  named: boolean;
  roots: Selection[];
  /** Declared and never used: a validation error. */
  unusedVariable: boolean;
}

/** One generated HTTP request body, printed readably when fast-check shows it as a counterexample. */
export interface GeneratedRequest {
  document: string;
  /** The `variables` member as JSON text, or undefined for none. */
  variables: string | undefined;
  /** undefined leaves the member out. */
  operationName: string | null | undefined;
  /** The JSON body to POST. */
  body: string;
}

export interface GeneratorOptions {
  /** Values that mean something to the server (real IDs, cursors, a search that finds places). */
  ids: readonly string[];
  cursors: readonly string[];
  /** Root fields never generated (they would create accounts or end the session under test). */
  excludeRootFields?: readonly string[];
  /** Depth of nested selections below a root field. */
  maxDepth?: number;
}

const b64url = (text: string) => Buffer.from(text).toString('base64url');

// ---------------------------------------------------------------------------------------------
// Values

const number = (n: number): Value => ({
  kind: 'number',
  // JSON and GraphQL share this number grammar; Infinity has no literal, 1e309 parses to it.
  text: n === Infinity ? '1e309' : n === -Infinity ? '-1e309' : Object.is(n, -0) ? '-0' : String(n),
});
const string = (value: string): Value => ({ kind: 'string', value });

/** Strings that have broken servers: control characters, lone surrogates, bidi overrides, SQL, sizes. */
const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'ber\u0000lin',
    '\ud800',
    'a\udfffb',
    '\u202eevil',
    'ABC\u202e\u2066x',
    '🌧️🏳️‍🌈',
    "'; drop table locations; --",
    '%',
    '_',
    '\\',
    '" or 1=1 --',
    '__proto__',
    'constructor',
    '{"$gt":""}',
    '\r\n\t',
    '\uFEFF',
  ),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.integer({ min: 100, max: 4_000 }).chain((n) => fc.constantFrom('x', 'é', '🌧', '\u0000', '%').map((c) => c.repeat(n))),
  fc.base64String({ maxLength: 40 }),
  // Global-ID-like: base64url of `Type:key`, with types and keys of every kind.
  fc
    .tuple(
      fc.constantFrom('Location', 'Favorite', 'Account', 'Planet', ''),
      fc.oneof(fc.integer(), fc.constantFrom('0', '-1', '1e3', '99999999999999999999', '')),
    )
    .map(([type, key]) => b64url(`${type}:${key}`)),
  // Cursor-like: base64url of JSON `[kind, value, id]`.
  fc
    .tuple(fc.constantFrom('p', 'd', 'x'), fc.oneof(fc.double(), fc.string({ maxLength: 5 })), fc.oneof(fc.integer(), fc.double()))
    .map((parts) => b64url(JSON.stringify(parts))),
);

const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, -1, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, 1e20, 1.5, -0, Infinity, -Infinity, 5e-324, Number.MAX_VALUE),
  fc.double({ noNaN: true }),
  fc.integer(),
);

/** A value of some other kind than expected. */
const wrongKind: fc.Arbitrary<Value> = fc.oneof(
  hostileNumber.map(number),
  hostileString.map(string),
  fc.boolean().map((value): Value => ({ kind: 'boolean', value })),
  fc.constant<Value>({ kind: 'object', fields: [] }),
  fc.constant<Value>({ kind: 'list', items: [] }),
  fc.constant<Value>({ kind: 'enum', value: 'KELVIN' }),
);

const DATE_TIMES = [
  '2026-03-28T12:00:00Z',
  '2026-03-29T03:00:00+02:00',
  '2026-03-30T00:00:00-05:00',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '2026-02-30T00:00:00Z',
  '2026-03-28T12:00:00',
  '2026-03-28T25:00:00Z',
  '+275760-09-13T00:00:00Z',
  '2026-03-28',
];

function scalarValue(name: string, options: GeneratorOptions): fc.Arbitrary<Value> {
  switch (name) {
    case 'Int':
      return fc.oneof(
        { weight: 6, arbitrary: fc.integer({ min: 1, max: 5 }).map(number) },
        { weight: 2, arbitrary: fc.constantFrom(0, 20, 100, 101, 240, 241).map(number) },
        { weight: 2, arbitrary: hostileNumber.map(number) },
      );
    case 'Float':
      return fc.oneof(
        { weight: 6, arbitrary: fc.double({ min: -180, max: 180, noNaN: true }).map(number) },
        { weight: 2, arbitrary: hostileNumber.map(number) },
      );
    case 'Boolean':
      return fc.boolean().map((value) => ({ kind: 'boolean', value }));
    case 'ID':
      return fc.oneof(
        { weight: 5, arbitrary: fc.constantFrom(...options.ids).map(string) },
        { weight: 3, arbitrary: hostileString.map(string) },
        { weight: 1, arbitrary: fc.integer().map(number) },
      );
    case 'DateTime':
      return fc.oneof(
        { weight: 5, arbitrary: fc.constantFrom(...DATE_TIMES).map(string) },
        { weight: 2, arbitrary: hostileString.map(string) },
      );
    case 'Date':
      return fc.oneof(fc.constantFrom('2026-03-28', '2026-02-30', '0000-00-00').map(string), hostileString.map(string));
    default:
      // String, and any custom scalar this generator does not know.
      return fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom('berl', 'sao', 'DE', 'no', 'Home', 'wrong horse battery', 'x@example.com').map(string) },
        { weight: 1, arbitrary: fc.constantFrom(...options.cursors).map(string) },
        { weight: 4, arbitrary: hostileString.map(string) },
      );
  }
}

function valueOf(type: GraphQLInputType, options: GeneratorOptions): fc.Arbitrary<Value> {
  if (isNonNullType(type)) {
    return fc.oneof(
      { weight: 18, arbitrary: valueOf(type.ofType, options) },
      { weight: 1, arbitrary: fc.constant<Value>({ kind: 'null' }) },
      { weight: 1, arbitrary: wrongKind },
    );
  }
  const inner = (): fc.Arbitrary<Value> => {
    if (isListType(type)) return fc.array(valueOf(type.ofType, options), { maxLength: 3 }).map((items) => ({ kind: 'list', items }));
    if (isEnumType(type)) {
      return fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom(...type.getValues().map((v) => v.name)).map((value): Value => ({ kind: 'enum', value })) },
        { weight: 1, arbitrary: fc.constantFrom('KELVIN', 'celsius', '').map((value): Value => ({ kind: 'enum', value })) },
      );
    }
    if (isInputObjectType(type)) {
      const fields = Object.values(type.getFields());
      return fc
        .tuple(
          fc.tuple(
            ...fields.map((field) =>
              // A required field is left out now and then, an optional one half the time.
              fc.option(valueOf(field.type, options), { freq: isNonNullType(field.type) ? 20 : 2, nil: undefined }),
            ),
          ),
          fc.option(wrongKind, { freq: 8, nil: undefined }),
        )
        .map(([values, extra]): Value => {
          const present: [string, Value][] = fields.flatMap((field, i) => (values[i] === undefined ? [] : [[field.name, values[i]!]]));
          return { kind: 'object', fields: extra ? [...present, ['bogus', extra]] : present };
        });
    }
    return scalarValue(type.name, options);
  };
  return fc.oneof(
    { weight: 10, arbitrary: inner() },
    { weight: 1, arbitrary: fc.constant<Value>({ kind: 'null' }) },
    { weight: 1, arbitrary: wrongKind },
  );
}

const WRONG_VARIABLE_TYPES = [
  'Int',
  'Int!',
  'String',
  'String!',
  'Float',
  'Boolean',
  'ID!',
  '[String]',
  'GeoPointInput',
  'TemperatureUnit',
];

function argumentOf(arg: GraphQLArgument, options: GeneratorOptions): fc.Arbitrary<Argument | null> {
  const value = valueOf(arg.type, options);
  const declared = String(arg.type);
  const passed = fc.oneof(
    { weight: 1, arbitrary: value.map((v): Argument => ({ name: arg.name, via: 'inline', value: v })) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          value,
          // Now and then declared with a wrong type, or the value left out of `variables`.
          fc.option(fc.constantFrom(...WRONG_VARIABLE_TYPES), { freq: 8, nil: undefined }),
          fc.integer({ min: 0, max: 14 }),
        )
        .map(([v, wrongType, missing]): Argument => ({
          name: arg.name,
          via: 'variable',
          declared: wrongType ?? declared,
          value: missing === 0 ? undefined : v,
        })),
    },
  );
  // Required arguments are nearly always given, optional ones half the time.
  return fc.option(passed, { freq: isNonNullType(arg.type) ? 20 : 2, nil: null }).map((a) => a ?? null);
}

// ---------------------------------------------------------------------------------------------
// Selections

function selectionOf(
  schema: GraphQLSchema,
  type: GraphQLCompositeType,
  depth: number,
  options: GeneratorOptions,
): fc.Arbitrary<Selection[]> {
  if (isUnionType(type) || isInterfaceType(type)) {
    const possible = schema.getPossibleTypes(type);
    const common = isInterfaceType(type) ? fieldSelections(schema, type, depth, options) : fc.constant<Selection[]>([]);
    return fc
      .tuple(
        common,
        fc
          .subarray(possible.map((t) => t.name))
          .chain((names) =>
            names.length === 0
              ? fc.constant<Selection[]>([])
              : fc
                  .tuple(...names.map((name) => selectionOf(schema, schema.getType(name) as GraphQLCompositeType, depth, options)))
                  .map((sels) => sels.map((selection, i): Selection => ({ kind: 'inline', on: names[i]!, selection }))),
          ),
      )
      .map(([shared, fragments]) => [...shared, ...fragments]);
  }
  return fc.tuple(fieldSelections(schema, type, depth, options), fc.integer({ min: 0, max: 9 })).map(([selection, wrap]): Selection[] =>
    // Now and then the same selection inside an inline fragment or a named fragment.
    wrap === 0
      ? [{ kind: 'inline', on: type.name, selection }]
      : wrap === 1
        ? [{ kind: 'inline', on: null, selection }]
        : wrap === 2
          ? [{ kind: 'spread', on: type.name, selection }]
          : selection,
  );
}

function fieldSelections(
  schema: GraphQLSchema,
  type: GraphQLCompositeType,
  depth: number,
  options: GeneratorOptions,
): fc.Arbitrary<Selection[]> {
  if (isUnionType(type)) return fc.constant([{ kind: 'field', name: '__typename', aliased: false, args: [], selection: null }]);
  const fields = Object.values(type.getFields());
  const leaves = fields.filter((f) => isLeafType(getNamedType(f.type)));
  const composites = depth > 0 ? fields.filter((f) => !isLeafType(getNamedType(f.type))) : [];
  const leafNames = leaves.length > 0 ? leaves.map((f) => f.name) : ['__typename'];
  return fc
    .tuple(
      fc.constantFrom(...leafNames),
      fc.subarray(
        [...leaves, ...composites].map((f) => f.name),
        { maxLength: Math.min(4, leaves.length + composites.length) },
      ),
    )
    .chain(([leaf, more]) => {
      const names = [leaf, ...more.filter((n) => n !== leaf)];
      return fc.tuple(...names.map((name) => fieldSelection(schema, type, name, depth, options))).map((groups) => groups.flat());
    });
}

function fieldSelection(
  schema: GraphQLSchema,
  type: GraphQLCompositeType,
  name: string,
  depth: number,
  options: GeneratorOptions,
): fc.Arbitrary<Selection[]> {
  if (name === '__typename' || isUnionType(type))
    return fc.constant([{ kind: 'field', name: '__typename', aliased: false, args: [], selection: null }]);
  const field = type.getFields()[name]!;
  const named = getNamedType(field.type);
  const one = fc
    .tuple(
      field.args.length === 0 ? fc.constant<(Argument | null)[]>([]) : fc.tuple(...field.args.map((arg) => argumentOf(arg, options))),
      isLeafType(named) ? fc.constant(null) : selectionOf(schema, named as GraphQLCompositeType, depth - 1, options),
    )
    .map(([args, selection]) => ({ args: args.filter((a): a is Argument => a !== null), selection }));
  // Mostly once; sometimes twice under two aliases, rarely twice under one name (which fails
  // validation when the arguments differ).
  return fc.tuple(fc.integer({ min: 0, max: 19 }), one, one).map(([copies, a, b]): Selection[] =>
    copies < 2
      ? [
          { kind: 'field', name, aliased: true, ...a },
          { kind: 'field', name, aliased: true, ...b },
        ]
      : copies === 2
        ? [
            { kind: 'field', name, aliased: false, ...a },
            { kind: 'field', name, aliased: false, ...b },
          ]
        : [{ kind: 'field', name, aliased: copies === 3, ...a }],
  );
}

function operationOf(schema: GraphQLSchema, options: GeneratorOptions): fc.Arbitrary<Operation> {
  const excluded = new Set(options.excludeRootFields ?? []);
  const depth = options.maxDepth ?? 3;
  const rootsOf = (type: 'query' | 'mutation') => {
    const root = type === 'query' ? schema.getQueryType()! : schema.getMutationType()!;
    const names = Object.keys(root.getFields()).filter((n) => !excluded.has(n));
    return fc
      .uniqueArray(fc.constantFrom(...names), { minLength: 1, maxLength: 3 })
      .chain((chosen) => fc.tuple(...chosen.map((name) => fieldSelection(schema, root, name, depth, options))))
      .map((groups) => groups.flat());
  };
  const hasMutations = schema.getMutationType() !== null && schema.getMutationType() !== undefined;
  return fc
    .tuple(
      hasMutations ? fc.constantFrom<'query' | 'mutation'>('query', 'query', 'query', 'mutation') : fc.constant<'query'>('query'),
      fc.boolean(),
      fc.integer({ min: 0, max: 24 }),
    )
    .chain(([type, named, unused]) => rootsOf(type).map((roots): Operation => ({ type, named, roots, unusedVariable: unused === 0 })));
}

// ---------------------------------------------------------------------------------------------
// Printing

function literal(value: Value): string {
  switch (value.kind) {
    case 'number':
      return value.text;
    case 'string':
      // JSON's string escapes are GraphQL's too (a lone surrogate's \uD800 the lexer refuses).
      return JSON.stringify(value.value);
    case 'boolean':
      return String(value.value);
    case 'null':
      return 'null';
    case 'enum':
      // An empty or lower-case "enum" value prints as a string or a name; both are invalid here.
      return /^[_A-Za-z][_0-9A-Za-z]*$/.test(value.value) ? value.value : JSON.stringify(value.value);
    case 'list':
      return `[${value.items.map(literal).join(', ')}]`;
    case 'object':
      return `{ ${value.fields.map(([name, v]) => `${name}: ${literal(v)}`).join(', ')} }`;
  }
}

function json(value: Value): string {
  switch (value.kind) {
    case 'number':
      return value.text;
    case 'string':
    case 'enum':
      return JSON.stringify(value.value);
    case 'boolean':
      return String(value.value);
    case 'null':
      return 'null';
    case 'list':
      return `[${value.items.map(json).join(',')}]`;
    case 'object':
      return `{${value.fields.map(([name, v]) => `${JSON.stringify(name)}:${json(v)}`).join(',')}}`;
  }
}

/** Prints operations into one document, naming aliases, variables and fragments as it goes. */
function print(operations: Operation[], extraVariable: boolean): { document: string; variables: string | undefined; names: string[] } {
  const fragments: string[] = [];
  const variableValues: string[] = [];
  let aliases = 0;
  let variableCount = 0;

  const printed = operations.map((operation, index) => {
    const declarations: string[] = [];
    const selections = (list: Selection[], indent: string): string =>
      list
        .map((s) => {
          if (s.kind === 'inline')
            return `${indent}... ${s.on ? `on ${s.on} ` : ''}{\n${selections(s.selection, `${indent}  `)}\n${indent}}`;
          if (s.kind === 'spread') {
            const name = `F${fragments.length + 1}`;
            fragments.push(''); // reserve the name before printing the body, which may add more
            fragments[Number(name.slice(1)) - 1] = `fragment ${name} on ${s.on} {\n${selections(s.selection, '  ')}\n}`;
            return `${indent}...${name}`;
          }
          const args = s.args.map((a) => {
            if (a.via === 'inline') return `${a.name}: ${literal(a.value)}`;
            const variable = `v${++variableCount}`;
            declarations.push(`$${variable}: ${a.declared}`);
            if (a.value !== undefined) variableValues.push(`${JSON.stringify(variable)}:${json(a.value)}`);
            return `${a.name}: $${variable}`;
          });
          const head = `${indent}${s.aliased ? `a${++aliases}: ` : ''}${s.name}${args.length ? `(${args.join(', ')})` : ''}`;
          return s.selection ? `${head} {\n${selections(s.selection, `${indent}  `)}\n${indent}}` : head;
        })
        .join('\n');
    const body = selections(operation.roots, '  ');
    if (operation.unusedVariable) declarations.push(`$unused${index}: Int`);
    const name = operation.named ? `Op${index + 1}` : '';
    const head = `${operation.type}${name ? ` ${name}` : ''}${declarations.length ? ` (${declarations.join(', ')})` : ''}`;
    return { text: `${head} {\n${body}\n}`, name };
  });

  // A variable nobody declared: allowed by the spec, and ignored.
  if (extraVariable) variableValues.push('"notDeclared":{"a":[1,"x",null]}');
  const document = [...printed.map((p) => p.text), ...fragments].join('\n\n');
  return {
    document,
    variables: variableValues.length > 0 || extraVariable ? `{${variableValues.join(',')}}` : undefined,
    names: printed.map((p) => p.name),
  };
}

/** Random requests against `schema`: one operation usually, two sometimes, with an operationName or not. */
export function requestArbitrary(schema: GraphQLSchema, options: GeneratorOptions): fc.Arbitrary<GeneratedRequest> {
  return fc
    .tuple(
      fc.array(operationOf(schema, options), { minLength: 1, maxLength: 2 }),
      fc.integer({ min: 0, max: 9 }),
      fc.integer({ min: 0, max: 9 }),
    )
    .map(([operations, nameChoice, extra]) => {
      const { document, variables, names } = print(operations, extra === 0);
      // The operation's own name mostly; sometimes none, one absent from the document, "" or null.
      const operationName =
        nameChoice < 5 ? names[0] || undefined : nameChoice < 7 ? undefined : nameChoice === 7 ? 'Absent' : nameChoice === 8 ? '' : null;
      const body = `{"query":${JSON.stringify(document)}${variables ? `,"variables":${variables}` : ''}${
        operationName !== undefined ? `,"operationName":${JSON.stringify(operationName)}` : ''
      }}`;
      const request: GeneratedRequest = { document, variables, operationName, body };
      return Object.assign(request, {
        [fc.toStringMethod]: () =>
          `\n--- document ---\n${document}\n--- variables ---\n${shorten(variables ?? '(none)')}\n--- operationName ---\n${
            operationName === undefined ? '(none)' : JSON.stringify(operationName)
          }\n`,
      });
    });
}

/** `text`, cut to a length that a counterexample or an assertion message can show. */
export function shorten(text: string): string {
  return text.length > 3_000 ? `${text.slice(0, 3_000)}… (${text.length} characters)` : text;
}
