#!/usr/bin/env bash
# Runs every check of the repository once, from the root, after `pnpm build`:
# typecheck, lint, the whole vitest suite (one JSON report), the docs build and its link check.
# Ends with one plain "N passed, N failed" line counted from the vitest report.
set -u
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1
status=0

echo "== typecheck"
pnpm --silent turbo run typecheck --output-logs=errors-only || status=1

echo "== lint (biome)"
pnpm --silent biome check . || status=1

echo "== tests (vitest)"
rm -f report.json
pnpm --silent vitest run --reporter=default --reporter=json --outputFile.json=report.json || status=1

echo "== docs"
if pnpm --silent docs:build >/tmp/tmigr-docs-build.log 2>&1; then
  if [ -f apps/docs/scripts/check-site.mjs ]; then node apps/docs/scripts/check-site.mjs || status=1; fi
else
  tail -20 /tmp/tmigr-docs-build.log; status=1
fi

if [ -f report.json ]; then
  node -e 'const r=require("./report.json");console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed`)'
else
  echo "0 passed, 1 failed"
  status=1
fi
exit $status
