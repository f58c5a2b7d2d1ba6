#!/usr/bin/env bash
# Installs the four real client CLIs used by tests/e2e/cli_test.ts into .cache/clients.
# Idempotent: a package already installed at its pinned version is skipped, so CI can cache
# .cache/clients between runs. Versions are the ones observed in shared/research/clients.md.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
prefix="${FERRYLLM_CLIENTS_DIR:-$root/.cache/clients}"
mkdir -p "$prefix"

packages=(
  "@anthropic-ai/claude-code@2.1.330"
  "@openai/codex@0.169.0"
  "@google/gemini-cli@0.61.0"
  "opencode-ai@1.18.33"
)

installed_version() {
  local manifest="$prefix/node_modules/$1/package.json"
  [[ -f "$manifest" ]] || return 0
  node -e 'process.stdout.write(require(process.argv[1]).version)' "$manifest"
}

missing=()
for spec in "${packages[@]}"; do
  name="${spec%@*}"
  version="${spec##*@}"
  have="$(installed_version "$name")"
  if [[ "$have" == "$version" ]]; then
    echo "install_clients: $name@$version already installed"
  else
    missing+=("$spec")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "install_clients: all clients present in $prefix"
  exit 0
fi

echo "install_clients: missing ${missing[*]}; installing all four into $prefix"
# Always name all four: with --no-save npm would otherwise prune the packages it was not given.
# --no-audit/--no-fund avoid extra registry round trips.
npm install --prefix "$prefix" --no-audit --no-fund --no-save --loglevel=error "${packages[@]}"

for spec in "${packages[@]}"; do
  name="${spec%@*}"
  version="${spec##*@}"
  have="$(installed_version "$name")"
  if [[ "$have" != "$version" ]]; then
    echo "install_clients: $name is at '${have:-missing}', expected $version" >&2
    exit 1
  fi
done
echo "install_clients: done"
