/**
 * `npm run schema:diff` as CI runs it: the released snapshot against an edited copy of it. What
 * would break a client fails, naming each change; what a client cannot notice passes.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const released = readFileSync('tests/schema/released.graphql', 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'skygraph-schema-diff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `sdl` with each `[from, to]` replaced; each `from` must occur exactly once, so an edit never silently misses. */
function edit(sdl: string, ...replacements: [string, string][]): string {
  for (const [from, to] of replacements) {
    const count = sdl.split(from).length - 1;
    if (count !== 1) throw new Error(`expected "${from}" once in the released schema, found it ${count} times`);
    sdl = sdl.replace(from, to);
  }
  return sdl;
}

/** Runs the check on `current` against the released snapshot. */
async function schemaDiff(current: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const file = join(dir, `current-${Math.random().toString(36).slice(2)}.graphql`);
  writeFileSync(file, current);
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [
      '--import',
      'tsx',
      'tests/schema/diff.ts',
      'tests/schema/released.graphql',
      file,
    ]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}

describe('npm run schema:diff', () => {
  it('passes the released schema itself', async () => {
    const result = await schemaDiff(released);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('keeps everything');
  });

  it('fails on a removed field and a retyped argument, naming each', async () => {
    const result = await schemaDiff(
      edit(
        released,
        ['  "IANA time zone, e.g. `Europe/Berlin`; every time of this place is given in it."\n  timezone: String!\n', ''],
        ['    first: Int\n', '    first: String\n'],
      ),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('breaks 2 thing(s)');
    expect(result.stderr).toMatch(/- Location\.timezone: Field 'timezone' .*removed/);
    expect(result.stderr).toMatch(
      /- Query\.locations\.first: Type for argument 'first' on field 'Query\.locations' changed from 'Int' to 'String'/,
    );
  });

  it('fails on a new required argument and a field made nullable', async () => {
    const result = await schemaDiff(
      edit(released, ['days: Int)', 'days: Int, model: String!)'], ['  name: String!\n  "ISO 3166-1', '  name: String\n  "ISO 3166-1']),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('breaks 2 thing(s)');
    expect(result.stderr).toContain('Location.daily.model');
    expect(result.stderr).toContain('Location.name');
  });

  it('passes an added field and a deprecation, and lists an added optional argument as dangerous', async () => {
    const result = await schemaDiff(
      edit(
        released,
        ['  population: Int\n', '  population: Int @deprecated(reason: "Use `inhabitants`.")\n  "Inhabitants."\n  inhabitants: Int\n'],
        ['days: Int)', 'days: Int, model: String)'],
      ),
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('keeps everything');
    // A new argument cannot break a client, but may change what the field answers without it.
    expect(result.stderr).toBe("dangerous: Location.daily.model: Argument 'model: String' added to field 'Location.daily'\n");
  });
});
