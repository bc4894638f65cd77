#!/usr/bin/env bash
# Runs every check of the repository once, from the root, after `pnpm build`:
# typecheck, lint, the whole vitest suite (one JSON report), the docs build and its link check.
# Ends with one plain "N passed, N failed" line: the vitest report's counts, with every other step
# that failed (typecheck, lint, the vitest run itself, docs) counted as one more failure, so the line
# never reads "0 failed" when the script exits non-zero.
set -u
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1
status=0
failed_steps=()
vitest_failed=0

echo "== typecheck"
pnpm --silent turbo run typecheck --output-logs=errors-only || { status=1; failed_steps+=(typecheck); }

echo "== lint (biome)"
pnpm --silent biome check . || { status=1; failed_steps+=("lint (biome)"); }

echo "== tests (vitest)"
rm -f report.json
pnpm --silent vitest run --reporter=default --reporter=json --outputFile.json=report.json || { status=1; vitest_failed=1; }

echo "== docs"
if pnpm --silent docs:build >/tmp/tmigr-docs-build.log 2>&1; then
  if [ -f apps/docs/scripts/check-site.mjs ]; then node apps/docs/scripts/check-site.mjs || { status=1; failed_steps+=("docs link check"); }; fi
else
  tail -20 /tmp/tmigr-docs-build.log; status=1; failed_steps+=("docs build")
fi

other_failed=${#failed_steps[@]}
[ "$vitest_failed" = 1 ] && failed_steps+=(vitest)
if [ ${#failed_steps[@]} -gt 0 ]; then
  printf 'failed steps: %s\n' "$(IFS=,; echo "${failed_steps[*]}")"
fi
if [ -f report.json ]; then
  # Each failed step other than vitest counts as one failure; a vitest run that fails with no
  # failed test in its report (an unhandled error, a file that did not load) counts as one too.
  OTHER_FAILED=$other_failed VITEST_FAILED=$vitest_failed node -e '
    const r = require("./report.json");
    const vitest = process.env.VITEST_FAILED === "1" && r.numFailedTests === 0 ? 1 : 0;
    const failed = r.numFailedTests + Number(process.env.OTHER_FAILED) + vitest;
    console.log(`${r.numPassedTests} passed, ${failed} failed`);'
else
  echo "0 passed, $((${#failed_steps[@]} + 1)) failed"
  status=1
fi
exit $status
