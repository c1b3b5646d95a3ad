// Proves that a mistake against the schema stops the build, in both places one can make it:
// an operation asking for a field the schema does not have fails codegen, and code reading a
// field its operation did not select fails the type check.
//
// Codegen is the project root's (its codegen.yml generates src/gql), so it is loaded from there;
// the type check uses this package's TypeScript with this package's tsconfig.json.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const example = fileURLToPath(new URL('..', import.meta.url));
const root = join(example, '..', '..');
const { generate, loadCodegenConfig } = createRequire(join(root, 'package.json'))('@graphql-codegen/cli');

const target = 'examples/web-client/src/gql/';
const work = mkdtempSync(join(tmpdir(), 'skygraph-web-client-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** Runs the root's codegen.yml target for src/gql on the operations in `dir`, writing nothing; resolves to its files. */
async function codegen(dir) {
  const { config } = await loadCodegenConfig({ configFilePath: join(root, 'codegen.yml') });
  const output = config.generates[target];
  assert.ok(output, `codegen.yml has no "${target}" target`);
  const files = await generate(
    { ...config, cwd: root, silent: true, generates: { [join(dir, 'gql') + '/']: { ...output, documents: [join(dir, '**/*.ts')] } } },
    false,
  );
  return new Map(files.map((file) => [file.filename.slice(join(dir, 'gql').length + 1), file.content]));
}

describe('an operation asking for a field the schema does not have', () => {
  const operations = join(work, 'operations');
  cpSync(join(example, 'src', 'operations'), operations, { recursive: true });
  // The operations import graphql() from ../gql; codegen reads them as text and needs no such module.

  it('generates from the real operations what is committed (so the setup below is the real one)', async () => {
    const files = await codegen(work);
    const committed = readFileSync(join(example, 'src', 'gql', 'persisted-documents.json'), 'utf8');
    assert.equal(files.get('persisted-documents.json'), committed);
  });

  it('fails codegen, naming the field and its type', async () => {
    writeFileSync(
      join(operations, 'wrong.ts'),
      "import { graphql } from '../gql/index.js';\nexport const Wrong = graphql(`\n  query Wrong {\n    locations {\n      nodes {\n        nosuchField\n      }\n    }\n  }\n`);\n",
    );
    await assert.rejects(codegen(work), (error) => {
      const text = [error.message, ...(error.errors ?? []).map((e) => e.message)].join('\n');
      assert.match(text, /Cannot query field "nosuchField" on type "Location"/);
      return true;
    });
  });
});

describe('code reading a field its operation did not select', () => {
  it('fails the type check with TS2339 on that line only', () => {
    const file = join(mkdtempSync(join(work, 'usage-')), 'wrong-usage.ts');
    const generated = join(example, 'src', 'gql', 'graphql.js');
    writeFileSync(
      file,
      [
        `import type { SearchPlacesQuery } from ${JSON.stringify(generated)};`,
        'declare const data: SearchPlacesQuery;',
        'export const name: string | undefined = data.locations.edges[0]?.node.name;',
        'export const wrong = data.locations.edges[0]?.node.nosuchField;',
        '',
      ].join('\n'),
    );
    const { config } = ts.readConfigFile(join(example, 'tsconfig.json'), ts.sys.readFile);
    const { options } = ts.parseJsonConfigFileContent(config, ts.sys, example);
    const diagnostics = ts.getPreEmitDiagnostics(ts.createProgram([file], options));
    const found = diagnostics.map((d) => ({
      code: d.code,
      line: d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : undefined,
      message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
    }));
    assert.equal(found.length, 1, JSON.stringify(found, null, 2));
    assert.equal(found[0].code, 2339);
    assert.equal(found[0].line, 4);
    assert.match(found[0].message, /Property 'nosuchField' does not exist/);
  });
});
