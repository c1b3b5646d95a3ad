/**
 * `npm run schema:diff`: fails when schema.graphql breaks what tests/schema/released.graphql, the
 * last released schema, promised. Each breaking change is listed; dangerous ones are listed too
 * but pass. A release copies schema.graphql over the snapshot (see the README, "Schema changes").
 * Other files: `node --import tsx tests/schema/diff.ts <released> <current>`.
 */
import { readFileSync } from 'node:fs';
import { compareSchemas, describeChange } from './breaking-changes.js';

const [releasedPath = 'tests/schema/released.graphql', currentPath = 'schema.graphql'] = process.argv.slice(2);
const { breaking, dangerous } = await compareSchemas(readFileSync(releasedPath, 'utf8'), readFileSync(currentPath, 'utf8'));

for (const change of dangerous) console.warn(`dangerous: ${describeChange(change)}`);
if (breaking.length > 0) {
  console.error(`${currentPath} breaks ${breaking.length} thing(s) the released schema (${releasedPath}) offers to clients:`);
  for (const change of breaking) console.error(`  - ${describeChange(change)}`);
  console.error('Deprecate instead of removing or retyping; add new fields and arguments as optional.');
  process.exit(1);
}
console.log(`${currentPath} keeps everything ${releasedPath} offers`);
