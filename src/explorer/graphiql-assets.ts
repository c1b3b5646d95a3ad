/**
 * GraphiQL from the server's own files: the `graphiql` package's UMD build with React 18's UMD
 * builds, plus this folder's page, stylesheet and bootstrap script (static/). All of them are
 * devDependencies' or source files: they are located and read at the first request, never at
 * start, so a production install without them starts and answers /graphiql with a clear 404.
 *
 * Packages are found with `createRequire(import.meta.url)`, which resolves from src/explorer/
 * under tsx and ts-jest and from dist/src/explorer/ after `npm run build` (which copies static/
 * beside the compiled module). Their files are not in the packages' `exports`, so each is found
 * from its package.json.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';

export interface Asset {
  body: Buffer;
  contentType: string;
  /** A strong validator: a hash of the body. */
  etag: string;
}

export interface GraphiQLFiles {
  /** The HTML page, with every asset's versioned URL written in; `{{nonce}}` is left for each response's own. */
  page: string;
  /** Every file the page loads, by its URL path. Nothing else is ever served. */
  assets: ReadonlyMap<string, Asset>;
}

/** Where the page's assets live; each URL names its package's version (or its hash), so a URL's body never changes. */
export const ASSET_PREFIX = '/graphiql/assets/';

/** What the page loads from packages, in the order its script tags need them. */
const PACKAGE_FILES = [
  { name: 'react', file: 'umd/react.production.min.js' },
  { name: 'react-dom', file: 'umd/react-dom.production.min.js' },
  { name: 'graphiql', file: 'graphiql.min.js' },
  { name: 'graphiql', file: 'graphiql.min.css' },
] as const;

/** This folder's own files that the page loads. */
const OWN_FILES = ['page.js', 'page.css'] as const;

const STATIC = new URL('./static/', import.meta.url);

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** GraphiQL cannot be served: its packages are not installed (a production install), or a file is missing. */
export class GraphiQLUnavailable extends Error {}

export interface LoadOptions {
  /** Resolves a module specifier to a file; `createRequire(import.meta.url).resolve` by default. */
  resolve?: (specifier: string) => string;
}

/** Reads the page and every asset into memory; throws GraphiQLUnavailable when a package is missing. */
export async function loadGraphiQL({ resolve = createRequire(import.meta.url).resolve }: LoadOptions = {}): Promise<GraphiQLFiles> {
  const missing: string[] = [];
  const packages = new Map<string, { dir: string; version: string }>();
  for (const name of new Set(PACKAGE_FILES.map((f) => f.name))) {
    try {
      const manifest = resolve(`${name}/package.json`);
      const { version } = JSON.parse(await readFile(manifest, 'utf8')) as { version: string };
      packages.set(name, { dir: dirname(manifest), version });
    } catch {
      missing.push(name);
    }
  }
  if (missing.length > 0) {
    throw new GraphiQLUnavailable(
      `GraphiQL is not installed here: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing. ` +
        'They are devDependencies: run npm install (GraphiQL is for development only).',
    );
  }

  const assets = new Map<string, Asset>();
  const urls = new Map<string, string>();
  for (const { name, file } of PACKAGE_FILES) {
    const { dir, version } = packages.get(name)!;
    const body = await readFile(join(dir, file)).catch(() => {
      throw new GraphiQLUnavailable(
        `GraphiQL cannot be served: ${name} ${version} has no ${file} (the page needs graphiql 3 and React 18)`,
      );
    });
    const url = `${ASSET_PREFIX}${name}@${version}/${basename(file)}`;
    assets.set(url, asset(body, file));
    urls.set(basename(file), url);
  }
  for (const file of OWN_FILES) {
    const body = await readFile(new URL(file, STATIC));
    const created = asset(body, file);
    // Not a package's file: its URL carries its hash, so a changed file gets a new URL.
    const url = `${ASSET_PREFIX}skygraph-${createHash('sha256').update(body).digest('hex').slice(0, 12)}/${file}`;
    assets.set(url, created);
    urls.set(file, url);
  }

  const template = await readFile(new URL('graphiql.html', STATIC), 'utf8');
  const page = template.replace(/\{\{([^}]+)\}\}/g, (placeholder, key: string) => {
    if (key === 'nonce') return placeholder;
    const url = urls.get(key);
    if (!url) throw new Error(`graphiql.html names an unknown asset {{${key}}}`);
    return url;
  });
  return { page, assets };
}

function asset(body: Buffer, file: string): Asset {
  const extension = file.slice(file.lastIndexOf('.'));
  const contentType = CONTENT_TYPES[extension];
  if (!contentType) throw new Error(`No content type for ${file}`);
  return { body, contentType, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
}
