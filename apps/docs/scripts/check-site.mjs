#!/usr/bin/env node
// Checks the built documentation site (apps/docs/.vitepress/dist) without a browser:
//   - every page of the sidebar (and the home page) was built;
//   - every internal link and asset reference in every built page resolves to a file, and a
//     link's #fragment names an id in the target page;
//   - the playground page is there, its worker chunk is there and references a Wasm asset that
//     exists, is valid WebAssembly, and is byte-identical to packages/engine/dist/raw/engine.wasm;
//   - the local search index was built;
//   - no page shows a CLI "internal error" (a stale transcript).
// Run after `pnpm docs:build` (any TMIGR_DOCS_BASE: the base is read from the build):
//   node apps/docs/scripts/check-site.mjs [DIST_DIR]
// Prints one line per problem and a summary; exits 1 if anything is wrong.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { allPages } from '../.vitepress/sidebar.mjs';

const docsDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = process.argv[2] ?? join(docsDir, '.vitepress', 'dist');
const engineWasm = join(docsDir, '..', '..', 'packages', 'engine', 'dist', 'raw', 'engine.wasm');

const problems = new Set();
const problem = (msg) => problems.add(msg);

if (!existsSync(join(dist, 'index.html'))) {
  console.error(
    `check-site: ${relative(process.cwd(), dist) || dist}/index.html is missing; run \`pnpm docs:build\` first`,
  );
  process.exit(1);
}

// The base the site was built with (TMIGR_DOCS_BASE in .vitepress/config.ts), from VitePress's
// site data in index.html; every internal link must stay under it.
const siteData = readFileSync(join(dist, 'index.html'), 'utf8').match(/\\"base\\":\\"([^"\\]*)\\"/);
const base = siteData ? siteData[1] : '/';
if (!siteData) problem('index.html has no VitePress site data (base unknown, assuming /)');

/** All files under a directory, as paths relative to it with `/` separators. */
function walk(dir, prefix = '') {
  const out = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    const rel = prefix ? `${prefix}/${name}` : name;
    if (statSync(full).isDirectory()) out.push(...walk(full, rel));
    else out.push(rel);
  }
  return out;
}
const files = new Set(walk(dist));
const htmlFiles = [...files].filter((f) => f.endsWith('.html'));

/** The built file of a site path (`/`, `/guide/cli`, `/guide/cli.html`, `/guide/`), or null. */
function fileOf(sitePath) {
  let p = sitePath.replace(/^\/+/, '');
  if (p === '' || p.endsWith('/')) p += 'index.html';
  if (files.has(p)) return p;
  if (files.has(`${p}.html`)) return `${p}.html`;
  if (files.has(`${p}/index.html`)) return `${p}/index.html`;
  return null;
}

// 1. Sidebar pages.
const pages = allPages();
for (const page of pages) {
  if (!fileOf(page))
    problem(`sidebar page ${page} was not built (no ${page.replace(/^\//, '') || 'index'}.html in dist)`);
}

// 2. Internal links, assets and fragments.
const idCache = new Map();
function idsOf(file) {
  let ids = idCache.get(file);
  if (!ids) {
    ids = new Set();
    const html = readFileSync(join(dist, file), 'utf8');
    for (const m of html.matchAll(/\sid="([^"]+)"/g)) ids.add(m[1]);
    idCache.set(file, ids);
  }
  return ids;
}
const decode = (s) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};
const unescapeHtml = (s) =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");

let linkCount = 0;
for (const file of htmlFiles) {
  const html = readFileSync(join(dist, file), 'utf8');
  const pageDir = posix.dirname(`/${file}`);
  for (const m of html.matchAll(/\s(?:href|src)="([^"]*)"/g)) {
    const raw = unescapeHtml(m[1]);
    if (raw === '' || /^[a-z][a-z0-9+.-]*:/i.test(raw) || raw.startsWith('//')) continue; // external, mailto:, data:
    linkCount++;
    const [pathAndQuery, fragment = ''] = raw.split('#', 2);
    const pathPart = pathAndQuery.split('?', 1)[0];
    let target;
    if (pathPart === '') {
      target = file; // same-page fragment
    } else {
      let abs = pathPart.startsWith('/') ? pathPart : posix.join(pageDir, pathPart);
      if (!abs.startsWith(base)) {
        problem(`${file}: link ${raw} is outside the site base ${base}`);
        continue;
      }
      abs = `/${abs.slice(base.length)}`;
      target = fileOf(decode(abs));
      if (!target) {
        problem(`${file}: link ${raw} does not resolve to a built file`);
        continue;
      }
    }
    if (fragment && target.endsWith('.html') && !idsOf(target).has(decode(fragment))) {
      problem(`${file}: link ${raw}: no id "${decode(fragment)}" in ${target}`);
    }
  }
}

// Pasted CLI transcripts (snippets/*.txt) must not be crash output.
for (const file of htmlFiles) {
  const html = readFileSync(join(dist, file), 'utf8');
  if (html.includes('internal error'))
    problem(`${file}: shows a CLI "internal error" (regenerate the snippets)`);
}

// 3. The playground: page, worker chunk, Wasm asset.
if (!fileOf('/playground')) problem('the playground page (playground.html) was not built');
const assets = [...files].filter((f) => f.startsWith('assets/'));
const wasmAssets = assets.filter((f) => f.endsWith('.wasm'));
const workers = assets.filter((f) => /playground\.worker[^/]*\.js$/.test(f));
if (workers.length === 0) problem('no playground worker chunk (assets/playground.worker-*.js)');
if (wasmAssets.length === 0) problem('no .wasm asset in dist/assets (the engine was not bundled)');
const referencedWasm = new Set();
for (const w of workers) {
  const code = readFileSync(join(dist, w), 'utf8');
  // Vite rewrites `new URL('../dist/raw/engine.wasm', import.meta.url)` to the hashed asset path.
  for (const m of code.matchAll(/["'`][^"'`]*?([\w.-]+\.wasm)["'`]/g)) referencedWasm.add(m[1]);
}
if (workers.length > 0 && referencedWasm.size === 0) problem(`${workers[0]} references no .wasm file`);
for (const name of referencedWasm) {
  const asset = wasmAssets.find((a) => posix.basename(a) === name);
  if (!asset) {
    problem(`the playground worker references ${name}, which is not in dist/assets`);
    continue;
  }
  const bytes = readFileSync(join(dist, asset));
  if (!WebAssembly.validate(bytes)) problem(`${asset} is not valid WebAssembly`);
  if (existsSync(engineWasm) && !bytes.equals(readFileSync(engineWasm))) {
    problem(
      `${asset} differs from packages/engine/dist/raw/engine.wasm (stale site build? run pnpm build, then pnpm docs:build)`,
    );
  }
}
const workerReferenced = assets.some(
  (f) =>
    f.endsWith('.js') &&
    !workers.includes(f) &&
    /playground\.worker[^"'`]*\.js/.test(readFileSync(join(dist, f), 'utf8')),
);
if (workers.length > 0 && !workerReferenced) problem('no client chunk starts the playground worker');

// 4. Local search.
if (!assets.some((f) => /localSearchIndex/.test(f)))
  problem('no local search index (assets/chunks/@localSearchIndex*.js)');

const MAX_SHOWN = 40;
[...problems].slice(0, MAX_SHOWN).forEach((p) => {
  console.error(`check-site: ${p}`);
});
if (problems.size > MAX_SHOWN) console.error(`check-site: ... and ${problems.size - MAX_SHOWN} more`);
console.log(
  `check-site: base ${base}, ${pages.length} sidebar pages, ${htmlFiles.length} HTML files, ${linkCount} internal links and assets, ` +
    `${wasmAssets.length} Wasm asset(s): ${problems.size === 0 ? 'ok' : `${problems.size} problem(s)`}`,
);
process.exit(problems.size === 0 ? 0 : 1);
