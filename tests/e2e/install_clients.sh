#!/usr/bin/env bash
# Installs the four real client CLIs used by tests/e2e/cli_test.ts into .cache/clients.
# Idempotent: a package already installed at its pinned version is skipped, so CI can cache
# .cache/clients between runs. Versions are pinned (CI inputs stay fixed); bump them to the newest
# published ones with `npm view <package> version`. FERRYLLM_CLIENTS_LATEST=1 installs `@latest`
# of each instead, into its own folder (`deno task test:e2e:latest`, never in CI).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
if [[ "${FERRYLLM_CLIENTS_LATEST:-}" == "1" ]]; then
  prefix="${FERRYLLM_CLIENTS_DIR:-$root/.cache/clients-latest}"
else
  prefix="${FERRYLLM_CLIENTS_DIR:-$root/.cache/clients}"
fi
mkdir -p "$prefix"

packages=(
  "@anthropic-ai/claude-code@2.1.332"
  "@openai/codex@0.171.0"
  "@google/gemini-cli@0.61.0"
  "opencode-ai@1.18.33"
)

if [[ "${FERRYLLM_CLIENTS_LATEST:-}" == "1" ]]; then
  # Resolve @latest now, so the check below compares against what npm actually installs.
  latest=()
  for spec in "${packages[@]}"; do
    name="${spec%@*}"
    latest+=("$name@$(npm view "$name" version)")
  done
  packages=("${latest[@]}")
  echo "install_clients: latest versions: ${packages[*]}"
fi

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
