import { rmSync } from 'node:fs';
import { dirname } from 'node:path';

export default function globalTeardown() {
  const path = process.env.SKYGRAPH_TEST_TEMPLATE;
  if (path) rmSync(dirname(path), { recursive: true, force: true });
}
