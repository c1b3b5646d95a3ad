/**
 * Skygraph with neither its response cache nor graphql-jit (EXECUTOR=graphql-js): Apollo
 * executing with graphql-js as it does out of the box, to show what the compiled execution
 * gives in the same run.
 */
import { skygraphWith } from './skygraph.js';

export default skygraphWith(
  'skygraph-graphql-js',
  'Skygraph with its response cache off and graphql-js executing instead of graphql-jit (EXECUTOR=graphql-js)',
  { responseCacheSeconds: 0, executor: 'graphql-js' },
  { RESPONSE_CACHE_SECONDS: '0', EXECUTOR: 'graphql-js' },
);
