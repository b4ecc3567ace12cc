#!/usr/bin/env bash
# Prints the path of a Deno 2.9.x: the one on PATH if its version matches, else the pinned npm package
# bootstrapped into .tools/ (ignored by git). Needs only npm, which reaches the npm registry.
set -euo pipefail
want=2.9.6
root=$(cd "$(dirname "$0")/.." && pwd)
if command -v deno >/dev/null 2>&1 && deno --version 2>/dev/null | head -n1 | grep -q '^deno 2\.9\.'; then
  command -v deno
  exit 0
fi
local_bin="$root/.tools/node_modules/.bin/deno"
if [ ! -x "$local_bin" ] || ! "$local_bin" --version 2>/dev/null | head -n1 | grep -q "^deno $want "; then
  echo "deno: installing deno@$want from npm into .tools/" >&2
  mkdir -p "$root/.tools"
  (cd "$root/.tools" && { [ -f package.json ] || echo '{"private":true}' > package.json; } &&
    npm install --no-audit --no-fund --loglevel=error "deno@$want" >&2)
fi
echo "$local_bin"
