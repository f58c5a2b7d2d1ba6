#!/usr/bin/env bash
# The end-to-end suite: installs the four pinned client CLIs into .cache/clients (skipped when
# already there at the pinned versions), then runs tests/e2e (real CLIs through the gateway,
# plus the delivery checks: bun single binary, deno bundle from an http URL, deno publish).
# Serial on purpose: each CLI test already keeps both cores busy.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tests/e2e/install_clients.sh
deno test --allow-all tests/e2e/
