#!/usr/bin/env bash
# Installs the pinned claude CLI for the end-to-end tests into a cache directory outside
# target/, so a clean build does not download 370 MB again. Idempotent. Never fails the
# build: without npm or the registry the e2e tests skip with a visible message
# (or fail, when CLAUDE_MULTI_REQUIRE_E2E=1, as in CI).
set -u
version="$1"
dir="$2"
bin="$dir/node_modules/.bin/claude"
if [[ -x "$bin" ]]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "[claude-multi] npm not found: the end-to-end tests with the real claude CLI will be skipped" >&2
  exit 0
fi
echo "[claude-multi] installing @anthropic-ai/claude-code@$version into $dir (once)" >&2
mkdir -p "$dir"
if ! npm install --prefix "$dir" --no-audit --no-fund --loglevel=error "@anthropic-ai/claude-code@$version" >&2; then
  echo "[claude-multi] npm install failed: the end-to-end tests with the real claude CLI will be skipped" >&2
fi
exit 0
