#!/usr/bin/env bash
# Install axe-core (the accessibility rules the browser tests run in each page) from the npm
# registry into tests/artifacts/axe/, pinned. Needs npm: Debian's package when the machine has
# none. Idempotent: does nothing when the pinned version is there.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
version="4.14.1"
prefix="$here/../tests/artifacts/axe"
installed="$prefix/node_modules/axe-core/package.json"

if [[ -f "$installed" ]] && grep -q "\"version\": \"$version\"" "$installed"; then
    echo "axe-core: $version present"
    exit 0
fi
if ! command -v npm >/dev/null; then
    bash "$here/install-system.sh" <(echo npm)
fi
mkdir -p "$prefix"
npm install --silent --no-save --no-audit --no-fund --prefix "$prefix" "axe-core@$version"
echo "axe-core: $version installed under tests/artifacts/axe"
