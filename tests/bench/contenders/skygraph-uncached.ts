/**
 * Skygraph with its response cache off (RESPONSE_CACHE_SECONDS=0): what its engine does for
 * every request, and the fair match for contenders that cache nothing.
 */
import { skygraphWith } from './skygraph.js';

export default skygraphWith(
  'skygraph-uncached',
  'Skygraph as shipped but with its response cache off (RESPONSE_CACHE_SECONDS=0): every request executed',
  { responseCacheSeconds: 0 },
  { RESPONSE_CACHE_SECONDS: '0' },
);
