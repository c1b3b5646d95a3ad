/**
 * Lints schema.graphql, the contract (`npm run lint:schema`, run by CI): graphql-eslint's
 * recommended schema rules and its Relay rules, with every description required. The TypeScript
 * is checked by tsc and prettier, not by ESLint, so this config lints nothing else.
 */
import graphqlPlugin from '@graphql-eslint/eslint-plugin';

export default [
  {
    files: ['schema.graphql'],
    languageOptions: {
      parser: graphqlPlugin.parser,
      parserOptions: { graphQLConfig: { schema: 'schema.graphql' } },
    },
    plugins: { '@graphql-eslint': graphqlPlugin },
    rules: {
      ...graphqlPlugin.configs['flat/schema-recommended'].rules,
      ...graphqlPlugin.configs['flat/schema-relay'].rules,
      // Every type, field, argument, enum value and input field says what it means to a client:
      // editors and explorers show these, and they are the only documentation of the API.
      '@graphql-eslint/require-description': [
        'error',
        {
          types: true,
          rootField: true,
          FieldDefinition: true,
          InputValueDefinition: true,
          EnumValueDefinition: true,
          DirectiveDefinition: true,
        },
      ],
      // One-line descriptions are written inline and longer ones as blocks, as prettier keeps them.
      '@graphql-eslint/description-style': 'off',
      // Every object a client may cache on its own has an `id` (a normalized cache needs one). These
      // are values that belong to the object that holds them and have no identity of their own.
      '@graphql-eslint/strict-id-in-types': [
        'error',
        {
          acceptedIdNames: ['id'],
          acceptedIdTypes: ['ID'],
          exceptions: {
            types: ['PageInfo', 'ForecastSource', 'HourlyForecast', 'DailyForecast', 'Preferences'],
            suffixes: ['Connection', 'Edge', 'Payload'],
          },
        },
      ],
      // Paging is forward only (`first`/`after`); PageInfo.hasPreviousPage says so.
      '@graphql-eslint/relay-arguments': ['error', { includeBoth: false }],
      // Short bounded lists (hours, days, saved places, a page's `nodes`) are plain lists on purpose:
      // only `locations` is long enough to page.
      '@graphql-eslint/relay-edge-types': ['error', { listTypeCanWrapOnlyEdgeType: false }],
    },
  },
];
