#!/usr/bin/env bash
# Builds target/claude-multi.jar for the launcher, with the JDK whose home is $1 (if not empty).
# The first build on a fresh machine downloads Maven and the plugins, about a minute: say what it
# is doing every few seconds instead of sitting on one line, and show Maven's output only if it fails.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The JDK the launcher checked, so that Maven builds with that one (none given: Maven's own choice).
[[ -z "$1" ]] || export JAVA_HOME="$1"
every="${CLAUDE_MULTI_BUILD_TICK:-5}"
log="$(mktemp "${TMPDIR:-/tmp}/claude-multi-build.XXXXXX")"
trap 'rm -f "$log"' EXIT
jar="$here/target/claude-multi.jar"
echo "claude-multi: building $jar (first use or sources changed)..." >&2
# A claude-multi that runs (a batch's orchestrator) loads its classes from the jar as it needs them,
# and Maven's jar step rewrites the file in place: moved aside, the old file lives on, whole, for the
# processes that have it open (the pom unlinks it too, for a ./mvnw package by hand). Put back if
# the build fails or is cut short, so that a failed build leaves the jar that worked.
previous="$jar.previous"
rm -f "$previous"
[[ ! -e "$jar" ]] || mv -f "$jar" "$previous"
restore() { [[ ! -e "$previous" ]] || mv -f "$previous" "$jar"; }
# No test classes either: the launcher needs the jar only.
(cd "$here" && exec ./mvnw -B -DskipTests -Dmaven.test.skip=true package) >"$log" 2>&1 &
build=$!
trap 'kill "$build" 2>/dev/null; wait "$build" 2>/dev/null; restore; rm -f "$log"; exit 130' INT TERM
start=$SECONDS
while kill -0 "$build" 2>/dev/null; do
  for ((i = 0; i < every * 5; i++)); do
    kill -0 "$build" 2>/dev/null || break 2
    sleep 0.2
  done
  # The latest thing Maven started: a download, a plugin goal, or the wrapper fetching Maven.
  doing="$(grep -E '^\[INFO\] --- |Download(ing|ed) from|^Downloading|^\[INFO\] Building ' "$log" | tail -n 1 |
    sed -E 's/^\[INFO\] //; s/^--- ([^ ]+) .*\(([^)]*)\).*/\1 (\2)/; s/^(Download(ing|ed)) from [^:]*: .*\/([^/]+)$/\1 \3/' | cut -c1-100)"
  echo "claude-multi: still building, $((SECONDS - start)) s${doing:+: $doing}" >&2
done
if ! wait "$build"; then
  restore
  tail -n 40 "$log" >&2
  echo "claude-multi: the build failed (Maven's output is above); run ./mvnw -B package in $here for all of it" >&2
  exit 1
fi
rm -f "$previous"
