import { defineConfig } from 'vitepress';
import { nodeBuiltinsStub } from './node-builtins-stub';
import { nav, sidebar } from './sidebar.mjs';

/**
 * The site's base path. Local builds and previews use `/`; a GitHub Pages project site
 * needs `/<repository>/`, e.g. `TMIGR_DOCS_BASE=/tmigr-check/ pnpm docs:build`.
 */
function basePath(raw: string | undefined): string {
  if (!raw || raw === '/') return '/';
  return `/${raw.replace(/^\/+|\/+$/g, '')}/`;
}

export default defineConfig({
  title: 'tmigr-check',
  description: "A model checker for the Linux kernel's timer-migration hierarchy under SC, x86-TSO and LKMM",
  base: basePath(process.env.TMIGR_DOCS_BASE),
  lang: 'en-GB',
  lastUpdated: false,
  // Not pages: this folder's README, and the files the pages include.
  srcExclude: ['README.md', 'snippets/**', 'examples/**'],
  themeConfig: {
    nav,
    sidebar,
    search: { provider: 'local' },
    outline: { level: [2, 3] },
    footer: { message: 'GPL-2.0-only, like the kernel code it models.' },
  },
  vite: {
    // Import the workspace packages from their TypeScript sources (the `@tmigr-check/source`
    // export condition), so the site never runs against a stale `dist/`. The engine's Wasm
    // binary still comes from `packages/engine/dist/raw/` and needs `pnpm build` first.
    resolve: { conditions: ['@tmigr-check/source'] },
    // Node-only helpers of the packages (file loaders) must not break the browser bundles.
    plugins: [nodeBuiltinsStub()],
    // The playground runs checks in a module worker that imports core and the engine.
    worker: { format: 'es', plugins: () => [nodeBuiltinsStub()] },
    build: { chunkSizeWarningLimit: 2048 },
  },
});
