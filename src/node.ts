/**
 * `Query.node`: any object by its global ID, dispatched on the type the ID names.
 */
import type { NodeResolvers, QueryResolvers } from './generated/graphql.js';
import { badUserInput, notFound } from './errors.js';
import { fromGlobalId } from './ids.js';

export const nodeQueries: Pick<QueryResolvers, 'node'> = {
  async node(_root, { id }, { loaders }) {
    const parsed = fromGlobalId(id);
    if (!parsed) throw badUserInput(`id must be an ID returned by this API, got "${id}"`, 'id');
    const node = parsed.type === 'Location' ? await loaders.locations.byId.load(parsed.key) : null;
    if (!node) throw notFound(`No object has the ID "${id}"`);
    return node;
  },
};

export const Node: NodeResolvers = {
  __resolveType: () => 'Location',
};
