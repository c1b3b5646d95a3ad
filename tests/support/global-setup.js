// Seeds one template database for the whole run (tests/support/seed-template.ts); each suite
// copies it. Workers inherit the environment variable that names it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function globalSetup() {
  const path = join(mkdtempSync(join(tmpdir(), 'skygraph-template-')), 'template.db');
  execFileSync(process.execPath, ['--import', 'tsx', 'tests/support/seed-template.ts', path], { stdio: 'inherit' });
  process.env.SKYGRAPH_TEST_TEMPLATE = path;
}
