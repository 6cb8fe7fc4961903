#!/usr/bin/env bash
# Install what the browser tests need: Debian's Chromium (apt) and the Playwright Python
# package (pip, from the test extras). Never downloads a browser build of Playwright's own:
# the tests launch /usr/bin/chromium. Idempotent: does nothing when both are present.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python="${PYTHON:-$here/../.venv/bin/python}"
[[ -x "$python" ]] || python="$(command -v python3)"

if [[ -x /usr/bin/chromium ]]; then
    echo "chromium: present ($(/usr/bin/chromium --version 2>/dev/null || echo 'version unknown'))"
else
    bash "$here/install-system.sh" <(echo chromium)
fi

if "$python" -c "import playwright.sync_api" 2>/dev/null; then
    echo "playwright: present"
else
    echo "playwright: installing the Python package (no browser download)"
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 "$python" -m pip install --quiet "playwright>=1.45,<2"
fi
