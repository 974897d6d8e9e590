// Bundles the control room into the silo's wwwroot/dist (generated, git-ignored).
// Plain esbuild: one JS bundle, one CSS bundle, Leaflet's images copied beside them.
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '../../silo/Twin.Silo/wwwroot/dist');
const watch = process.argv.includes('--watch');

mkdirSync(out, { recursive: true });

const options = {
  entryPoints: { app: join(here, 'src/main.js') },
  bundle: true,
  format: 'esm',
  target: ['es2022'],
  outdir: out,
  sourcemap: true,
  minify: !watch,
  legalComments: 'linked',
  // Leaflet's CSS refers to its marker and layer images; emit them as files next to app.css.
  loader: { '.png': 'file', '.svg': 'file' },
  assetNames: 'images/[name]-[hash]',
  logLevel: 'info',
};

function copyStatic() {
  // index.html is static: the bundle names are fixed (app.js, app.css), no hashing needed because
  // the host serves them with ETags and the page is reloaded rarely.
  writeFileSync(join(out, 'index.html'), readFileSync(join(here, 'index.html')));
  cpSync(join(here, 'node_modules/leaflet/dist/images'), join(out, 'images'), { recursive: true });
}

if (watch) {
  const ctx = await esbuild.context(options);
  copyStatic();
  await ctx.watch();
} else {
  await esbuild.build(options);
  copyStatic();
}
