/**
 * `Query.node`: any object by its global ID, dispatched on the type the ID names. What a viewer
 * may see is decided where it is loaded (favorites/loaders.ts; an account is visible only to
 * itself), so another person's object is NOT_FOUND here exactly like a missing one.
 */
import type { NodeResolvers, QueryResolvers } from './generated/graphql.js';
import { badUserInput, notFound } from './errors.js';
import { fromGlobalId } from './ids.js';

export const nodeQueries: Pick<QueryResolvers, 'node'> = {
  async node(_root, { id }, { auth, loaders }) {
    const parsed = fromGlobalId(id);
    if (!parsed) throw badUserInput(`id must be an ID returned by this API, got "${id}"`, 'id');
    const node =
      parsed.type === 'Location'
        ? await loaders.locations.byId.load(parsed.key)
        : parsed.type === 'Favorite'
          ? await loaders.favorites.byId.load(parsed.key)
          : auth.viewer?.account.id === parsed.key
            ? auth.viewer.account
            : null;
    if (!node) throw notFound(`No object has the ID "${id}"`);
    return node;
  },
};

export const Node: NodeResolvers = {
  __resolveType: (node) => ('email' in node ? 'Account' : 'position' in node ? 'Favorite' : 'Location'),
};
