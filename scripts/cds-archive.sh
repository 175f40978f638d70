#!/usr/bin/env bash
# Makes the class-data-sharing archive the launcher maps at start: ARCHIVE JAR JAVA [JVM FLAGS...].
# Run by ./claude-multi in the background, once per jar, Java and flags. It trains on the commands
# users type most (in a throwaway state directory: a run of stand-in claude sessions, headless and
# with the dashboard, the demo with its simulated agent, and what reads them), merges the classes
# they load into one list and dumps a static archive of them. A static archive rather than
# -XX:ArchiveClassesAtExit / -XX:+AutoCreateSharedArchive: those dynamic archives leave out
# picocli, whose classes are in the Java 5 format, and picocli is most of what a command loads.
# The archive appears whole (renamed into place) with a checksum beside it, or not at all.
#
# Beside it (ARCHIVE with .quick.jsa for .jsa), a second, smaller archive of what the commands that
# read a run need (status, list, result, output, version, help): the JVM relocates the whole
# archive it maps at every start, and one of a third the size starts those commands about ten
# milliseconds sooner. The launcher maps it for them, and the whole one for everything else.
set -u
archive="$1" jar="$2" java="$3"
quick_archive="${archive%.jsa}.quick.jsa"
shift 3
dir="$(dirname "$archive")"
mkdir -p "$dir" 2>/dev/null || exit 0
# One builder at a time; a lock left by a builder that died is taken over after ten minutes.
lock="$archive.building"
find "$lock" -maxdepth 0 -mmin +10 -exec rm -rf {} + 2>/dev/null
mkdir "$lock" 2>/dev/null || exit 0
work="$(mktemp -d "$dir/.train.XXXXXX" 2>/dev/null)" || { rmdir "$lock"; exit 0; }
trap 'rm -rf "$work" "$lock"' EXIT
# Old archives of earlier jars or Javas are no use to anyone: keep the last two builds' (a whole and
# a quick archive each).
ls -t "$dir"/*.jsa 2>/dev/null | tail -n +5 | while read -r old; do rm -f "$old" "$old.sum"; done

state="$work/state" n=0
# The command that trains on one claude-multi command line, its classes listed in the next list.
training() {
  n=$((n + 1))
  cmd=("$java" "${flags[@]}" -XX:DumpLoadedClassList="$work/$n.classes" -Xshare:auto -jar "$jar" "$@")
}
train() {
  training "$@"
  CLAUDE_MULTI_SIM_SPEED=0 nice -n 19 "${cmd[@]}" </dev/null >/dev/null 2>&1
}
# As train, for a command whose classes also go into the quick archive.
quick_lists=()
train_quick() {
  train "$@"
  quick_lists+=("$work/$n.classes")
}
flags=("$@")
# The demo's agent is simulated: a run of real processes through the claude agent's path (spawn,
# stream-json, the sweep of leftovers, the end) is trained on a stand-in that prints a captured
# stream, after writing a file where it runs (so that a session in a worktree has work to commit).
stream="$(cd "$(dirname "$0")" && pwd)/cds-training-stream.jsonl"
printf '#!/bin/sh\ncat >/dev/null\necho trained >trained.txt\nexec cat "%s"\n' "$stream" >"$work/claude" &&
  chmod +x "$work/claude" &&
  printf '[{"id":"one","prompt":"p"},{"id":"two","prompt":"p"}]\n' >"$work/tasks.json"
run=(run "$work/tasks.json" --claude "$work/claude" -j 2 --state-dir "$state")
# In a git repository, each session in its own worktree, as most users run; and what status reads
# of such a run (its sessions' workspaces). Left out where there is no git. Without the user's git
# settings: their hooks, signing or editor have no business in a background training.
repo="$work/repo"
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
if git init -q "$repo" 2>/dev/null && echo "training" >"$repo/README" &&
  git -C "$repo" add README && git -C "$repo" -c user.name=training -c user.email=training@localhost \
  commit -q -m training 2>/dev/null; then
  IS_SANDBOX=1 train "${run[@]}" --project-dir "$repo" --no-tui
  train_quick status --state-dir "$state"
fi
run+=(--isolation none --project-dir "$work")
IS_SANDBOX=1 train "${run[@]}" --no-tui
# What status reads of a run that is live (its owner's liveness, the running sessions' figures, the
# agent's decoder for their output): a run whose stand-in prints its first line and waits for a file
# that appears once status has been trained (or after 20 s), in a state directory of its own.
printf '#!/bin/sh\ncat >/dev/null\nhead -n 1 "%s"\ntouch "%s/running"\n' "$stream" "$work" >"$work/claude-wait" &&
  printf 'i=0; while [ ! -e "%s/release" ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i + 1)); done\n' "$work" >>"$work/claude-wait" &&
  printf 'tail -n +2 "%s"\n' "$stream" >>"$work/claude-wait" && chmod +x "$work/claude-wait"
IS_SANDBOX=1 nice -n 19 "$java" "${flags[@]}" -jar "$jar" run "$work/tasks.json" --claude "$work/claude-wait" -j 2 \
  --isolation none --project-dir "$work" --no-tui --state-dir "$work/live" </dev/null >/dev/null 2>&1 &
live=$!
i=0
while [ ! -e "$work/running" ] && [ $i -lt 400 ] && kill -0 "$live" 2>/dev/null; do sleep 0.05; i=$((i + 1)); done
train_quick status --state-dir "$work/live"
touch "$work/release"
wait "$live"
# The same run with the dashboard (Lanterna and the dashboard's classes, otherwise read from the jar
# at every start), on a terminal of script's making (util-linux; skipped where there is none). The
# dashboard asks the terminal for its size (a cursor position report) and waits 5 s for an answer
# that nobody here would give: the answers are typed in advance.
if command -v script >/dev/null 2>&1 && script --version 2>/dev/null | grep -q util-linux; then
  training "${run[@]}" --tui --exit-when-done
  printf '\033[50;160R\033[50;160R\033[50;160R' |
    SHELL=/bin/sh IS_SANDBOX=1 nice -n 19 timeout 60 script -qec "$(printf '%q ' "${cmd[@]}")" /dev/null >/dev/null 2>&1
fi
# Last, so that the commands below find its tasks in the latest run.
train demo --no-tui --state-dir "$state"
for cmd in status list "result fix-types" "output fix-types"; do
  read -r -a args <<<"$cmd"
  train_quick "${args[@]}" --state-dir "$state"
done
# Rendering events reads them with the agent's parser (Jackson's databind), as a run does: the
# whole archive's (the launcher gives output --events that one).
train output --events fix-types --state-dir "$state"
train_quick version
train_quick --help
# In the order first loaded: a class must come after the classes it needs. Newer JDKs number each
# class of a list ("id: N"), so the same number means different classes in two lists: the numbers
# go (only classes of custom loaders, with a "source:", need them, and this jar has none). A line
# is kept as often as one list has it: two call sites with the same method reference are two
# "@lambda-proxy" lines alike, and the archive holds one proxy class per line.
merge() { # lists... -> one list on stdout
  awk 'FNR == 1 { delete inFile } $0 !~ /source:/ { sub(/ id: [0-9]+/, "") }
    ++inFile[$0] > kept[$0] { kept[$0]++; print }' "$@"
}
dump() { # class-list archive
  nice -n 19 "$java" "${flags[@]}" -Xshare:dump -XX:SharedClassListFile="$1" \
    -XX:SharedArchiveFile="$2" -cp "$jar" >/dev/null 2>&1 && cksum <"$2" >"$2.sum"
}
# shellcheck disable=SC2046
merge $(ls "$work"/*.classes | sort -V) >"$work/all.classes" 2>/dev/null || exit 0
merge "${quick_lists[@]}" >"$work/quick.classes" 2>/dev/null || exit 0
dump "$work/all.classes" "$work/archive.jsa" || exit 0
dump "$work/quick.classes" "$work/quick.jsa" || exit 0
# The checksums first: the launcher only uses an archive whose checksum file is not older than it.
mv -f "$work/archive.jsa.sum" "$archive.sum" && mv -f "$work/quick.jsa.sum" "$quick_archive.sum" &&
  mv -f "$work/quick.jsa" "$quick_archive" && mv -f "$work/archive.jsa" "$archive"
