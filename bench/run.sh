#!/usr/bin/env bash
# Benchmarks claude-multi side by side with GNU parallel and xargs, on the same fake agent
# (bench/fake-agent.sh), and prints the figures with the machine they were taken on.
#
#   bench/run.sh                      all scenarios, full size (about 16 minutes; scale alone about 7)
#   bench/run.sh --quick              smoke run: every scenario, small and short (about 3 minutes)
#   bench/run.sh -s makespan,idle     only some scenarios: makespan throughput idle rss latency scale
#   bench/run.sh --reps 5             repetitions of the timed scenarios (median is reported)
#   bench/run.sh --plain-jar          run claude-multi as `java -jar` (no archive) instead of through the
#                                     ./claude-multi launcher with its class-data-sharing archive (--jar implies it)
#   bench/run.sh --java-opts '-Xmx128m'   JVM options for every claude-multi run (default: the ./claude-multi
#                                         launcher's: -XX:+UseSerialGC -Xmx256m -XX:TieredStopAtLevel=1)
#   bench/run.sh --rss-alt-opts OPTS  the rss scenario also runs headless with these JVM options (default: G1, as plain java -jar)
#                                     (default '-XX:+UseSerialGC -Xmx128m'; '' to skip)
#   bench/run.sh --help
#
# Scenarios (targets in brackets):
#   makespan    24 tasks x 1 s at -j 4, ideal 6 s [<= 1.02 x ideal, dashboard included; no slower than GNU
#               parallel; the first session started <= 0.3 s after the command, from the journal]:
#               claude-multi headless, claude-multi dashboard (tmux), GNU parallel -j4, xargs -P4
#   throughput  500 instant tasks at -j 8 [claude-multi >= xargs]:
#               claude-multi headless, GNU parallel -j8, xargs -P8
#   idle        CPU of the orchestrator over 30 s, 100 sessions running, nothing changing
#               [dashboard < 2% of one core]; headless measured too, as a baseline
#   rss         peak RSS (VmHWM) of the orchestrator, 100 sessions writing 10 MB each [< 256 MB]
#   latency     status, list, result, output, version, --help through ./claude-multi, JVM start
#               included, against a bare JVM hello-world with the same flags, in turns
#               (anchor, command, anchor...): medians and the median of paired ratios [<= 2x]
#   scale       1,000 tasks at -j 100 (sessions 2-20 s, every 10th writes 1 MB): CPU per session,
#               peak RSS [< 256 MB], status during the run [<= 3x bare JVM], list with 200 runs,
#               --resume after kill -9 (see bench/latency-scale.sh)
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
agent="$here/fake-agent.sh"
# The fake agent does not care, but claude-multi refuses the default bypassPermissions to root
# without it (as the real claude does), and benchmarks often run as root in containers.
export IS_SANDBOX=1
jar="$repo/target/claude-multi.jar"

scenarios="makespan,throughput,idle,rss,latency,scale"
quick=0
plain_jar=0
reps=""
build=1
keep=0
out_file=""
# As the ./claude-multi launcher runs it, so the figures are what users get.
java_opts=(-XX:+UseSerialGC -Xmx256m -XX:TieredStopAtLevel=1)
# For comparison: plain `java -jar` (G1, heap sized from the machine's RAM).
rss_alt_opts="-XX:+UseG1GC"

usage() { sed -n '2,/^set -uo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'; }

while (($#)); do
  case "$1" in
    --quick) quick=1 ;;
    -s|--scenarios) scenarios="$2"; shift ;;
    --scenarios=*) scenarios="${1#*=}" ;;
    --reps) reps="$2"; shift ;;
    --jar) jar="$2"; build=0; plain_jar=1; shift ;;
    --plain-jar) plain_jar=1 ;;
    --no-build) build=0 ;;
    --keep) keep=1 ;;
    --java-opts) read -r -a java_opts <<<"$2"; shift ;;
    --rss-alt-opts) rss_alt_opts="$2"; shift ;;
    -o|--out) out_file="$2"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "bench/run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

# Sizes: full, or --quick.
if ((quick)); then
  : "${reps:=1}"
  mk_tasks=24; mk_sleep=1; mk_par=4
  tp_tasks=100; tp_par=8
  idle_sessions=20; idle_secs=10; idle_settle=10
  rss_sessions=20; rss_bytes=$((10 * 1024 * 1024)); rss_par=20
  sc_tasks=200; sc_par=50; sc_min=1; sc_max=4
else
  : "${reps:=3}"
  mk_tasks=24; mk_sleep=1; mk_par=4
  tp_tasks=500; tp_par=8
  idle_sessions=100; idle_secs=30; idle_settle=10
  rss_sessions=100; rss_bytes=$((10 * 1024 * 1024)); rss_par=100
  sc_tasks=1000; sc_par=100; sc_min=2; sc_max=20
fi

want() { [[ ",$scenarios," == *",$1,"* ]]; }

say() { printf '%s\n' "$*" >&2; }
die() { say "bench/run.sh: $*"; exit 1; }

# ---------------------------------------------------------------- setup
work="$(mktemp -d "${TMPDIR:-/tmp}/cm-bench.XXXXXX")"
tag="cm-bench-$$"                 # every agent gets CM_BENCH_TAG=$tag, so leftovers can be found by pid
tmux_sock="cm-bench-$$"
results="$work/results.tsv"       # scenario \t tool \t figure \t unit \t note
: >"$results"

cleanup() {
  tmux -L "$tmux_sock" kill-server 2>/dev/null
  rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$tmux_sock"
  kill_tagged
  if ((keep)); then say "bench/run.sh: kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Kills, by pid, any process still carrying this bench's tag (an agent a scenario left behind).
kill_tagged() {
  local p pids=()
  for p in /proc/[0-9]*; do
    if grep -qzx "CM_BENCH_TAG=$tag" "$p/environ" 2>/dev/null; then
      pids+=("${p#/proc/}")
    fi
  done
  ((${#pids[@]})) && kill -KILL "${pids[@]}" 2>/dev/null
  return 0
}

if ((build)); then
  if [[ ! -f "$jar" || -n "$(find "$repo/src/main" "$repo/pom.xml" -newer "$jar" -print -quit 2>/dev/null)" ]]; then
    say "building $jar ..."
    (cd "$repo" && ./mvnw -q -B package -DskipTests) >&2 || die "build failed"
  fi
fi
[[ -f "$jar" ]] || die "no jar at $jar"
command -v java >/dev/null || die "java is not on PATH"

have_parallel=1
if ! command -v parallel >/dev/null || ! parallel --version 2>/dev/null | grep -q 'GNU parallel'; then
  say "GNU parallel is missing: installing it (apt-get install -y parallel) ..."
  if [[ $(id -u) -eq 0 ]] && { apt-get install -y -q parallel >/dev/null 2>&1 ||
       { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q parallel >/dev/null 2>&1; }; }; then
    say "installed $(parallel --version | head -1)"
  else
    have_parallel=0
    say "*** GNU parallel is not available (not root, or apt-get failed): the GNU parallel comparisons are SKIPPED ***"
  fi
fi
have_tmux=1
command -v tmux >/dev/null || { have_tmux=0; say "*** tmux is not installed: the dashboard measurements are SKIPPED ***"; }

run_help="$(java "${java_opts[@]}" -jar "$jar" run --help 2>&1)"
has_exit_when_done=0
grep -q -- '--exit-when-done' <<<"$run_help" && has_exit_when_done=1
# Sessions run where the bench is started, often a git checkout: there each session would get a
# worktree and a commit (isolation worktree), work that xargs and GNU parallel do not do.
no_worktrees=()
grep -q -- '--isolation' <<<"$run_help" && no_worktrees=(--isolation none)
clk_tck="$(getconf CLK_TCK)"

# ---------------------------------------------------------------- helpers
now() { printf '%s' "$EPOCHREALTIME"; }
# ms between two epoch-second timestamps
ms_between() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", (b - a) * 1000 }'; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) { print "n/a"; exit } print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
minmax() { sort -n | awk 'NR == 1 { lo = $1 } { hi = $1 } END { if (NR) printf "%s-%s", lo, hi }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0 || a == "n/a" || b == "n/a") print "n/a"; else printf "%.3f", a / b }'; }
record() { printf '%s\t%s\t%s\t%s\t%s\n' "$@" >>"$results"; }

tasks_file() { # N -> path of a task file with N tasks
  local f="$work/tasks-$1.json" i
  if [[ ! -f "$f" ]]; then
    { printf '['; for ((i = 1; i <= $1; i++)); do ((i > 1)) && printf ','; printf '{"id":"t%d","prompt":"bench task %d"}' "$i" "$i"; done; printf ']\n'; } >"$f"
  fi
  printf '%s' "$f"
}

agent_flags=(-p --output-format stream-json --verbose --model sonnet --max-budget-usd 5 --permission-mode bypassPermissions)

# The batch's own wall time: totals.wall_ms of a --json summary, else run_started..run_finished in the journal.
wall_ms_of_json() { sed -n 's/.*"wall_ms"[[:space:]]*:[[:space:]]*\([0-9][0-9]*\).*/\1/p' "$1" 2>/dev/null | head -1; }
wall_ms_of_journal() {
  local j; j="$(ls -d "$1"/runs/*/journal.jsonl 2>/dev/null | tail -1)"
  [[ -n "$j" ]] || return 0
  local a b
  a="$(head -1 "$j" | sed -n 's/.*"ts":"\([^"]*\)".*/\1/p')"
  b="$(grep '"event":"run_finished"' "$j" | tail -1 | sed -n 's/.*"ts":"\([^"]*\)".*/\1/p')"
  [[ -n "$a" && -n "$b" ]] || return 0
  ms_between "$(date -d "$a" +%s.%N)" "$(date -d "$b" +%s.%N)"
}
# ms from epoch-second timestamp t0 to the first session's start as the journal records it
first_start_ms() { # sd t0
  local j s; j="$(ls -d "$1"/runs/*/journal.jsonl 2>/dev/null | tail -1)"
  [[ -n "$j" ]] || return 0
  s="$(grep -m1 '"state":"running"' "$j" | sed -n 's/.*"started":"\([^"]*\)".*/\1/p')"
  [[ -n "$s" ]] || return 0
  ms_between "$2" "$(date -d "$s" +%s.%N)"
}
running_count() { # sessions whose latest journal state is running
  local j; j="$(ls -d "$1"/runs/*/journal.jsonl 2>/dev/null | tail -1)"
  [[ -n "$j" ]] || { echo 0; return; }
  local r e
  r=$(grep -c '"state":"running"' "$j"); e=$(grep -cE '"state":"(completed|failed|timed_out|stopped|killed)"' "$j")
  echo $((r - e))
}
cpu_ticks() { # utime+stime of a pid, in clock ticks
  local s; s="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  s="${s##*) }"; set -- $s
  echo $(( ${12} + ${13} ))   # fields 14 and 15 of stat, counted after "pid (comm) "
}

# Runs claude-multi headless. Sets: cmd_ms (whole command), batch_ms (totals.wall_ms), first_ms (command
# start to the first session's start, from the journal), rc.
cm_headless() { # sd tasks parallel [VAR=value ...]
  local sd="$1" tasks="$2" par="$3"; shift 3
  local t0 t1
  t0=$(now)
  env CM_BENCH_TAG="$tag" "$@" "${cm_java[@]}" run "$tasks" "${no_worktrees[@]}" --no-tui --json --claude "$agent" -j "$par" \
    --state-dir "$sd" >"$sd.json" 2>"$sd.err"
  rc=$?
  t1=$(now)
  cmd_ms=$(ms_between "$t0" "$t1")
  batch_ms=$(wall_ms_of_json "$sd.json"); [[ -n "$batch_ms" ]] || batch_ms=n/a
  first_ms=$(first_start_ms "$sd" "$t0"); [[ -n "$first_ms" ]] || first_ms=n/a
  ((rc == 0)) || say "  claude-multi exited $rc (see $sd.err)"
}

# Starts claude-multi with the dashboard in a detached tmux session (200x50). Sets tui_pidf/tui_rcf/tui_endf.
cm_tui_start() { # name sd tasks parallel extra-args... -- VAR=value ...
  local name="$1" sd="$2" tasks="$3" par="$4"; shift 4
  local extra=() envs=()
  while (($#)) && [[ "$1" != -- ]]; do extra+=("$1"); shift; done
  (($#)) && shift
  envs=("$@")
  tui_pidf="$sd.pid"; tui_rcf="$sd.rc"; tui_endf="$sd.end"
  rm -f "$tui_pidf" "$tui_rcf" "$tui_endf"
  local cmd
  cmd="$(printf '%q ' sh -c 'echo $$ >"$0.pid"; exec "$@"' "$sd" \
    env CM_BENCH_TAG="$tag" "${envs[@]}" "${cm_java[@]}" run "$tasks" "${no_worktrees[@]}" --tui "${extra[@]}" \
    --claude "$agent" -j "$par" --state-dir "$sd")"
  cmd+="2>$(printf '%q' "$sd.err"); echo \$? >$(printf '%q' "$sd.rc.tmp"); date +%s.%N >$(printf '%q' "$sd.end"); mv $(printf '%q' "$sd.rc.tmp") $(printf '%q' "$sd.rc")"
  tmux -L "$tmux_sock" new-session -d -s "$name" -x 200 -y 50 "$cmd" || return 1
  local i
  for ((i = 0; i < 200; i++)); do [[ -s "$tui_pidf" ]] && break; sleep 0.05; done
  tui_pid="$(cat "$tui_pidf" 2>/dev/null)"
}
# Warns when the pane shows headless progress lines instead of a dashboard (a build whose --tui does not open it).
check_dashboard() { # tmux-session-name
  sleep 1.5
  if tmux -L "$tmux_sock" capture-pane -p -t "$1" 2>/dev/null | grep -qE '^[0-9]{2}:[0-9]{2}:[0-9]{2} . .* started \(pid'; then
    say "  *** the pane shows headless progress lines: this build's --tui did not open the dashboard ***"
    dashboard_note="; NOT a dashboard (--tui printed headless lines)"
  fi
}
dashboard_note=""
wait_file() { # file timeout_s
  local deadline=$((SECONDS + $2))
  while [[ ! -e "$1" ]]; do ((SECONDS < deadline)) || return 1; sleep 0.02; done
}
stop_pid() { # pid: SIGTERM (claude-multi stops its sessions and records them), SIGKILL after 20 s
  local p="$1" i
  kill -TERM "$p" 2>/dev/null || return 0
  for ((i = 0; i < 400; i++)); do kill -0 "$p" 2>/dev/null || return 0; sleep 0.05; done
  say "  pid $p ignored SIGTERM for 20 s: SIGKILL"
  kill -KILL "$p" 2>/dev/null
}

# ---------------------------------------------------------------- machine
machine() {
  echo "date:      $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "host:      $(uname -srm)"
  echo "cpus:      $(nproc) ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'))"
  echo "memory:    $(awk '/MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo)"
  echo "java:      $(java -version 2>&1 | head -2 | tail -1)"
  echo "jar:       $jar ($(cd "$repo" && git rev-parse --short HEAD 2>/dev/null || echo '?'))"
  echo "tools:     $( ((have_parallel)) && parallel --version | head -1 || echo 'GNU parallel: missing'), $(xargs --version | head -1), tmux $(tmux -V 2>/dev/null | cut -d' ' -f2)"
  echo "load:      $(load) (1/5/15 min) at start"
  echo "bench:     reps=$reps quick=$quick scenarios=$scenarios java-opts='${java_opts[*]}'"
  if ((plain_jar)); then
    echo "runs:      java -jar (no archive) for makespan, throughput and idle"
  else
    echo "runs:      the ./claude-multi launcher with its archive for makespan, throughput and idle"
  fi
}
machine | tee "$work/machine.txt" >&2

# ---------------------------------------------------------------- 1. makespan
scenario_makespan() {
  local tasks ideal_ms i sd d
  tasks=$(tasks_file "$mk_tasks")
  ideal_ms=$(( (mk_tasks + mk_par - 1) / mk_par * mk_sleep * 1000 ))
  say ""
  say "== makespan: $mk_tasks tasks x ${mk_sleep}s at parallel $mk_par (ideal $((ideal_ms / 1000)) s), $reps rep(s), load $(load)"
  local -a cmh=() bh=() fh=() cmt=() bt=() gp=() xa=()
  for ((i = 1; i <= reps; i++)); do
    sd="$work/mk-h-$i"
    cm_headless "$sd" "$tasks" "$mk_par" FAKE_AGENT_SLEEP="$mk_sleep"
    cmh+=("$cmd_ms"); bh+=("$batch_ms"); fh+=("$first_ms"); rm -rf "$sd"
    say "  [$i] claude-multi headless   command ${cmd_ms} ms, batch ${batch_ms} ms, first session at ${first_ms} ms"

    if ((have_tmux)); then
      sd="$work/mk-t-$i"
      local t0 extra=() t_end closed_by=""
      if ((has_exit_when_done)); then extra=(--exit-when-done); fi
      t0=$(now)
      if cm_tui_start "mk$i" "$sd" "$tasks" "$mk_par" "${extra[@]}" -- FAKE_AGENT_SLEEP="$mk_sleep"; then
        ((i == 1)) && check_dashboard "mk$i"
        if ((has_exit_when_done)); then
          wait_file "$tui_rcf" $((ideal_ms / 1000 * 3 + 60)) || { say "  dashboard did not exit"; stop_pid "$tui_pid"; }
          t_end="$(cat "$tui_endf" 2>/dev/null)"
        else
          # No --exit-when-done on this build: the command's time is taken when the journal says the run finished.
          closed_by=" (no --exit-when-done: command time taken at run_finished)"
          local deadline=$((SECONDS + ideal_ms / 1000 * 3 + 60))
          until grep -qs '"event":"run_finished"' "$sd"/runs/*/journal.jsonl; do ((SECONDS < deadline)) || break; sleep 0.02; done
          t_end=$(now)
          stop_pid "$tui_pid"
        fi
        d=$(wall_ms_of_journal "$sd"); [[ -n "$d" ]] || d=n/a
        if [[ -n "$t_end" ]]; then cmt+=("$(ms_between "$t0" "$t_end")"); else cmt+=(n/a); fi
        bt+=("$d")
        say "  [$i] claude-multi dashboard  command ${cmt[-1]} ms, batch $d ms$closed_by"
        [[ -s "$sd.err" ]] && say "      stderr: $(head -c 300 "$sd.err")"
      fi
      tmux -L "$tmux_sock" kill-session -t "mk$i" 2>/dev/null
      rm -rf "$sd"
    fi

    if ((have_parallel)); then
      d="$work/mk-p-$i"; mkdir -p "$d"
      local t0; t0=$(now)
      seq "$mk_tasks" | env CM_BENCH_TAG="$tag" FAKE_AGENT_SLEEP="$mk_sleep" \
        parallel -j "$mk_par" "printf 'bench task {}' | $(printf '%q ' "$agent" "${agent_flags[@]}") > $(printf '%q' "$d")/{}.jsonl"
      gp+=("$(ms_between "$t0" "$(now)")"); rm -rf "$d"
      say "  [$i] GNU parallel -j$mk_par        command ${gp[-1]} ms"
    fi

    d="$work/mk-x-$i"; mkdir -p "$d"
    local t0; t0=$(now)
    seq "$mk_tasks" | env CM_BENCH_TAG="$tag" FAKE_AGENT_SLEEP="$mk_sleep" \
      xargs -P "$mk_par" -n 1 sh -c 'printf "bench task %s" "$1" | "$0" "$@" > "'"$d"'/$1.jsonl"' "$agent" >/dev/null
    xa+=("$(ms_between "$t0" "$(now)")"); rm -rf "$d"
    say "  [$i] xargs -P$mk_par              command ${xa[-1]} ms"
  done
  local m
  m=$(printf '%s\n' "${cmh[@]}" | median); record makespan "claude-multi headless: command" "$m" ms "$(ratio "$m" "$ideal_ms") x ideal; range $(printf '%s\n' "${cmh[@]}" | minmax)"
  m=$(printf '%s\n' "${fh[@]}" | grep -v n/a | median); record makespan "claude-multi headless: first session started" "$m" ms "after the command began [<= 300 ms]; range $(printf '%s\n' "${fh[@]}" | grep -v n/a | minmax)"
  m=$(printf '%s\n' "${bh[@]}" | grep -v n/a | median); record makespan "claude-multi headless: batch (wall_ms)" "$m" ms "$(ratio "$m" "$ideal_ms") x ideal; range $(printf '%s\n' "${bh[@]}" | minmax)"
  if ((${#cmt[@]})); then
    m=$(printf '%s\n' "${cmt[@]}" | grep -v n/a | median); record makespan "claude-multi dashboard: command" "$m" ms "$(ratio "$m" "$ideal_ms") x ideal; range $(printf '%s\n' "${cmt[@]}" | minmax)$( ((has_exit_when_done)) || echo '; no --exit-when-done: to run_finished')$dashboard_note"
    m=$(printf '%s\n' "${bt[@]}" | grep -v n/a | median); record makespan "claude-multi dashboard: batch (journal)" "$m" ms "$(ratio "$m" "$ideal_ms") x ideal; range $(printf '%s\n' "${bt[@]}" | minmax)"
  else
    record makespan "claude-multi dashboard" n/a "" "SKIPPED (no tmux)"
  fi
  if ((${#gp[@]})); then
    m=$(printf '%s\n' "${gp[@]}" | median); record makespan "GNU parallel -j$mk_par" "$m" ms "$(ratio "$m" "$ideal_ms") x ideal; range $(printf '%s\n' "${gp[@]}" | minmax)"
  else
    record makespan "GNU parallel -j$mk_par" n/a "" "SKIPPED (GNU parallel missing)"
  fi
  m=$(printf '%s\n' "${xa[@]}" | median); record makespan "xargs -P$mk_par" "$m" ms "$(ratio "$m" "$ideal_ms") x ideal; range $(printf '%s\n' "${xa[@]}" | minmax)"
  record makespan "(ideal; load at end)" "$ideal_ms" ms "load $(load)"
}

# ---------------------------------------------------------------- 2. throughput
scenario_throughput() {
  local tasks i sd d t0
  tasks=$(tasks_file "$tp_tasks")
  say ""
  say "== throughput: $tp_tasks instant tasks at parallel $tp_par, $reps rep(s), load $(load)"
  local -a cmh=() bh=() gp=() xa=()
  for ((i = 1; i <= reps; i++)); do
    sd="$work/tp-h-$i"
    cm_headless "$sd" "$tasks" "$tp_par" FAKE_AGENT_SLEEP=0
    cmh+=("$cmd_ms"); bh+=("$batch_ms"); fh+=("$first_ms"); rm -rf "$sd"
    say "  [$i] claude-multi headless   command ${cmd_ms} ms, batch ${batch_ms} ms, first session at ${first_ms} ms"
    if ((have_parallel)); then
      d="$work/tp-p-$i"; mkdir -p "$d"; t0=$(now)
      seq "$tp_tasks" | env CM_BENCH_TAG="$tag" FAKE_AGENT_SLEEP=0 \
        parallel -j "$tp_par" "printf 'bench task {}' | $(printf '%q ' "$agent" "${agent_flags[@]}") > $(printf '%q' "$d")/{}.jsonl"
      gp+=("$(ms_between "$t0" "$(now)")"); rm -rf "$d"
      say "  [$i] GNU parallel -j$tp_par        command ${gp[-1]} ms"
    fi
    d="$work/tp-x-$i"; mkdir -p "$d"; t0=$(now)
    seq "$tp_tasks" | env CM_BENCH_TAG="$tag" FAKE_AGENT_SLEEP=0 \
      xargs -P "$tp_par" -n 1 sh -c 'printf "bench task %s" "$1" | "$0" "$@" > "'"$d"'/$1.jsonl"' "$agent" >/dev/null
    xa+=("$(ms_between "$t0" "$(now)")"); rm -rf "$d"
    say "  [$i] xargs -P$tp_par              command ${xa[-1]} ms"
  done
  local m mx
  mx=$(printf '%s\n' "${xa[@]}" | median)
  m=$(printf '%s\n' "${cmh[@]}" | median); record throughput "claude-multi headless: command" "$m" ms "$(awk -v n="$tp_tasks" -v m="$m" 'BEGIN { printf "%.0f", n * 1000 / m }') tasks/s; $(ratio "$m" "$mx") x xargs time"
  m=$(printf '%s\n' "${bh[@]}" | grep -v n/a | median); record throughput "claude-multi headless: batch (wall_ms)" "$m" ms "$(awk -v n="$tp_tasks" -v m="$m" 'BEGIN { printf "%.0f", n * 1000 / m }') tasks/s; $(ratio "$m" "$mx") x xargs time"
  if ((${#gp[@]})); then
    m=$(printf '%s\n' "${gp[@]}" | median); record throughput "GNU parallel -j$tp_par" "$m" ms "$(awk -v n="$tp_tasks" -v m="$m" 'BEGIN { printf "%.0f", n * 1000 / m }') tasks/s; $(ratio "$m" "$mx") x xargs time"
  else
    record throughput "GNU parallel -j$tp_par" n/a "" "SKIPPED (GNU parallel missing)"
  fi
  record throughput "xargs -P$tp_par" "$mx" ms "$(awk -v n="$tp_tasks" -v m="$mx" 'BEGIN { printf "%.0f", n * 1000 / m }') tasks/s; load at end $(load)"
}

# ---------------------------------------------------------------- 3. idle CPU
# CPU of one claude-multi process over idle_secs, once all sessions run and none prints anything.
idle_measure() { # label pid sd
  local label="$1" pid="$2" sd="$3" deadline a b pct
  deadline=$((SECONDS + 120))
  until (( $(running_count "$sd") >= idle_sessions )); do
    ((SECONDS < deadline)) || { say "  only $(running_count "$sd") of $idle_sessions sessions running after 120 s"; break; }
    kill -0 "$pid" 2>/dev/null || { say "  claude-multi exited early (see $sd.err)"; return 1; }
    sleep 0.2
  done
  sleep "$idle_settle"
  a=$(cpu_ticks "$pid") || return 1
  sleep "$idle_secs"
  b=$(cpu_ticks "$pid") || return 1
  pct=$(awk -v d=$((b - a)) -v s="$idle_secs" -v t="$clk_tck" 'BEGIN { printf "%.2f", d * 100 / (s * t) }')
  say "  $label: $((b - a)) ticks in ${idle_secs}s = ${pct}% of one core ($(running_count "$sd") sessions running, load $(load))"
  record idle "$label" "$pct" "% of one core" "$idle_sessions sessions, ${idle_secs}s; load $(load)$([[ $label == *dashboard* ]] && echo "$dashboard_note")"
}
scenario_idle() {
  local tasks sd pid
  tasks=$(tasks_file "$idle_sessions")
  say ""
  say "== idle CPU: $idle_sessions sessions sleeping, ${idle_secs}s window, load $(load)"
  if ((have_tmux)); then
    sd="$work/idle-t"
    if cm_tui_start idle "$sd" "$tasks" "$idle_sessions" --grace 1s -t 1h -- FAKE_AGENT_SLEEP=3600 && [[ -n "$tui_pid" ]]; then
      check_dashboard idle
      idle_measure "claude-multi dashboard" "$tui_pid" "$sd"
      stop_pid "$tui_pid"; wait_file "$tui_rcf" 30
    else
      say "  could not start the dashboard under tmux"
    fi
    tmux -L "$tmux_sock" kill-session -t idle 2>/dev/null
    kill_tagged; rm -rf "$sd"
  else
    record idle "claude-multi dashboard" n/a "" "SKIPPED (no tmux)"
  fi
  sd="$work/idle-h"
  env CM_BENCH_TAG="$tag" FAKE_AGENT_SLEEP=3600 "${cm_java[@]}" run "$tasks" "${no_worktrees[@]}" --no-tui --claude "$agent" \
    -j "$idle_sessions" --grace 1s -t 1h --state-dir "$sd" >"$sd.out" 2>"$sd.err" &
  pid=$!
  idle_measure "claude-multi headless (baseline)" "$pid" "$sd"
  stop_pid "$pid"; wait "$pid" 2>/dev/null
  kill_tagged; rm -rf "$sd"
}

# ---------------------------------------------------------------- 4. peak RSS
# Peak RSS (VmHWM) of claude-multi while every session floods stdout. VmHWM never decreases, so the
# last value polled before exit is the peak; /usr/bin/time's maxrss (the same peak, from the kernel) backs it up.
rss_poll() { # pid -> prints the last VmHWM and VmRSS seen (kB)
  local pid="$1" hwm=0 v
  while kill -0 "$pid" 2>/dev/null; do
    v=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null)
    [[ -n "$v" ]] && hwm="$v"
    sleep 0.1
  done
  echo "$hwm"
}
rss_headless() { # label [jvm-opts... instead of --java-opts]
  local label="$1"; shift
  local sd="$work/rss-h" pid tpid hwm maxrss t0 ms i rc written
  local opts=("${java_opts[@]}")
  if (($#)); then opts=("$@"); fi
  t0=$(now)
  if [[ -x /usr/bin/time ]]; then
    env CM_BENCH_TAG="$tag" FAKE_AGENT_MODE=flood FAKE_AGENT_BYTES="$rss_bytes" /usr/bin/time -f '%M' -o "$sd.maxrss" \
      java "${opts[@]}" -jar "$jar" run "$tasks" "${no_worktrees[@]}" --no-tui --json --claude "$agent" -j "$rss_par" --state-dir "$sd" >"$sd.json" 2>"$sd.err" &
    tpid=$!
    for ((i = 0; i < 100; i++)); do pid=$(cat "/proc/$tpid/task/$tpid/children" 2>/dev/null | awk '{ print $1 }'); [[ -n "$pid" ]] && break; sleep 0.02; done
  else
    env CM_BENCH_TAG="$tag" FAKE_AGENT_MODE=flood FAKE_AGENT_BYTES="$rss_bytes" \
      java "${opts[@]}" -jar "$jar" run "$tasks" "${no_worktrees[@]}" --no-tui --json --claude "$agent" -j "$rss_par" --state-dir "$sd" >"$sd.json" 2>"$sd.err" &
    tpid=$!; pid=$tpid
  fi
  hwm=$(rss_poll "$pid")
  wait "$tpid"; rc=$?
  ms=$(ms_between "$t0" "$(now)")
  maxrss=$(tail -1 "$sd.maxrss" 2>/dev/null)
  written=$(du -sm "$sd" 2>/dev/null | cut -f1)
  say "  $label: VmHWM $((hwm / 1024)) MB, maxrss ${maxrss:+$((maxrss / 1024))} MB, exit $rc, ${ms} ms, state dir ${written} MB, load $(load)"
  record rss "$label: VmHWM" "$((hwm / 1024))" MB "$rss_sessions x $((rss_bytes / 1048576)) MB at -j $rss_par; time maxrss ${maxrss:+$((maxrss / 1024))} MB; exit $rc; ${ms} ms; load $(load)"
  rm -rf "$sd"
}
scenario_rss() {
  local sd hwm total_mb t0
  tasks=$(tasks_file "$rss_sessions")
  total_mb=$((rss_sessions * rss_bytes / 1048576))
  say ""
  say "== peak RSS: $rss_sessions sessions x $((rss_bytes / 1048576)) MB of stream-json ($total_mb MB) at parallel $rss_par, load $(load)"
  rss_headless "claude-multi headless"
  if [[ -n "$rss_alt_opts" ]]; then
    local alt; read -r -a alt <<<"$rss_alt_opts"
    rss_headless "claude-multi headless, $rss_alt_opts" "${alt[@]}"
  fi

  if ((have_tmux)); then
    sd="$work/rss-t"
    t0=$(now)
    if cm_tui_start rss "$sd" "$tasks" "$rss_par" $( ((has_exit_when_done)) && echo --exit-when-done) -- \
        FAKE_AGENT_MODE=flood FAKE_AGENT_BYTES="$rss_bytes" && [[ -n "$tui_pid" ]]; then
      if ((has_exit_when_done)); then
        hwm=$(rss_poll "$tui_pid")
      else
        local deadline=$((SECONDS + 300)) v
        hwm=0
        until grep -qs '"event":"run_finished"' "$sd"/runs/*/journal.jsonl; do
          v=$(awk '/^VmHWM:/ { print $2 }' "/proc/$tui_pid/status" 2>/dev/null); [[ -n "$v" ]] && hwm="$v"
          ((SECONDS < deadline)) || break; sleep 0.1
        done
        v=$(awk '/^VmHWM:/ { print $2 }' "/proc/$tui_pid/status" 2>/dev/null); [[ -n "$v" ]] && hwm="$v"
        stop_pid "$tui_pid"
      fi
      say "  claude-multi dashboard: VmHWM $((hwm / 1024)) MB, $(ms_between "$t0" "$(now)") ms, load $(load)"
      record rss "claude-multi dashboard: VmHWM" "$((hwm / 1024))" MB "$rss_sessions x $((rss_bytes / 1048576)) MB at -j $rss_par"
    fi
    tmux -L "$tmux_sock" kill-session -t rss 2>/dev/null
    kill_tagged; rm -rf "$sd"
  fi
}

# shellcheck source=bench/latency-scale.sh
. "$here/latency-scale.sh"

# ---------------------------------------------------------------- run
((has_exit_when_done)) || { ((have_tmux)) && say "note: this build has no 'run --exit-when-done': the dashboard's command time is taken when its journal records run_finished"; }
# How makespan, throughput and idle start claude-multi: as users do, through the launcher with its
# class-data-sharing archive (made first, in the bench's own cache), or as a plain jar.
if ((plain_jar)); then
  cm_java=(java "${java_opts[@]}" -jar "$jar")
else
  cm_java=(env XDG_CACHE_HOME="$lat_cache" CLAUDE_MULTI_JAVA_OPTS="${java_opts[*]}" "$launcher")
  if want makespan || want throughput || want idle; then
    warm_archive || true
  fi
fi

want makespan && scenario_makespan
want throughput && scenario_throughput
want idle && scenario_idle
want rss && scenario_rss
want latency && scenario_latency
want scale && scenario_scale

# ---------------------------------------------------------------- report
report() {
  echo "## claude-multi benchmarks"
  echo
  echo '```'
  cat "$work/machine.txt"
  echo "load:      $(load) (1/5/15 min) at end"
  echo '```'
  echo
  echo "| scenario | tool | figure | unit | notes |"
  echo "|---|---|---:|---|---|"
  awk -F'\t' '{ printf "| %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5 }' "$results"
  echo
  echo "Targets: makespan <= 1.02 x ideal (dashboard included); throughput >= xargs; idle dashboard < 2% of one core; RSS < 256 MB;"
  echo "latency <= 2 x bare JVM; at scale: status <= 3 x bare JVM, RSS < 256 MB, nothing superlinear in sessions."
}
say ""
if [[ -n "$out_file" ]]; then report | tee "$out_file"; else report; fi
