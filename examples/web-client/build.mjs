// Bundles src/main.ts for the browser into dist/ beside a copy of index.html.
// `node build.mjs` targets the local development server and sends document text;
// `node build.mjs --production` targets /graphql on the page's own origin and sends only the
// persisted document ids, as a server with TRUSTED_DOCUMENTS requires.
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const production = process.argv.includes('--production');
rmSync('dist', { recursive: true, force: true });
mkdirSync('dist', { recursive: true });
await build({
  entryPoints: ['src/main.ts'],
  bundle: true,
  format: 'esm',
  target: 'es2022',
  outdir: 'dist',
  minify: production,
  sourcemap: true,
  logLevel: 'warning',
  // Apollo Client picks its development checks and messages, or none, by these export conditions.
  conditions: [production ? 'production' : 'development'],
  define: {
    DEFAULT_API_URL: JSON.stringify(production ? '/graphql' : 'http://127.0.0.1:4000/graphql'),
    DEFAULT_DOCUMENTS: JSON.stringify(production ? 'id' : 'text'),
  },
});
copyFileSync('index.html', 'dist/index.html');
