# Scenarios "latency" and "scale" of bench/run.sh, which sources this file after its helpers.
#
#   latency  status, list, result, output, version and --help through the ./claude-multi launcher
#            (class-data-sharing archive made beforehand in a cache of the bench's own), JVM start
#            included, side by side with a bare JVM printing "hi" with the same flags [<= 2x]; also
#            `java -jar` without any archive, what a plain jar user gets.
#   scale    a batch of sc_tasks tasks at -j sc_par on the mixed fake agent (sleeps sc_min..sc_max s,
#            every 10th also writes 1 MB): orchestrator CPU per session and peak RSS [< 256 MB];
#            status while it runs [<= 3x the bare JVM]; list with 200 recorded runs; --resume after
#            kill -9 halfway (time until the journal is replayed and the run resumed).

launcher="$repo/claude-multi"
lat_cache="$work/cds-cache"

# A bare JVM that prints "hi": the anchor of every latency figure.
hello_jar() {
  local d="$work/hello"
  if [[ ! -f "$d/hi.jar" ]]; then
    mkdir -p "$d"
    printf 'public class Hi { public static void main(String[] a) { System.out.println("hi"); } }\n' >"$d/Hi.java"
    (cd "$d" && javac Hi.java && jar cfe hi.jar Hi Hi.class) >&2 || die "javac/jar are needed for the latency anchor"
  fi
  printf '%s' "$d/hi.jar"
}

# Runs the launcher as a user does, with the bench's JVM flags and its own cache and state directory.
cm_launch() { # state-dir args...
  local sd="$1"; shift
  XDG_CACHE_HOME="$lat_cache" CLAUDE_MULTI_JAVA_OPTS="${java_opts[*]}" CLAUDE_SESSIONS_DIR="$sd" "$launcher" "$@"
}

# Waits until the launcher's background archive exists (made once per jar, Java and flags).
warm_archive() {
  cm_launch "$work/none" version >/dev/null 2>&1
  local deadline=$((SECONDS + 240)) d="$lat_cache/claude-multi/cds"
  until compgen -G "$d/*.jsa.sum" >/dev/null && ! compgen -G "$d/*.building" >/dev/null; do
    ((SECONDS < deadline)) || { say "  *** no class-data-sharing archive after 240 s: figures are without it ***"; return 1; }
    sleep 0.5
  done
  say "  archive: $(ls "$d"/*.jsa | head -1) ($(du -m "$(ls "$d"/*.jsa | head -1)" | cut -f1) MB)"
}

ms_of() { # command... -> wall ms (output discarded)
  local t0; t0=$(now)
  "$@" >/dev/null 2>&1
  ms_between "$t0" "$(now)"
}

# Medians of interleaved samples (anchor, command, anchor, command...), so that the anchor and each
# command share the machine's noise. Sets: lat_hello (ms, median of every anchor run); writes
# "label, median ms, range, median of the ratios to the anchors either side" lines to $work/lat.$tag
# (n runs of each command, n * commands + 1 of the anchor).
latency_samples() { # reps tag state-dir label:args... (args separated by spaces)
  local n="$1" tag="$2" sd="$3"; shift 3
  local hi; hi=$(hello_jar)
  local -a hello=() specs=("$@")
  local i spec
  declare -A samples=()
  declare -A paired=()
  for ((i = 1; i <= n; i++)); do
    local h0 h1 ms
    h0="$(ms_of java "${java_opts[@]}" -jar "$hi")"
    for spec in "${specs[@]}"; do
      local label="${spec%%:*}" args
      read -r -a args <<<"${spec#*:}"
      if [[ "$label" == "java -jar"* ]]; then
        ms="$(CLAUDE_SESSIONS_DIR="$sd" ms_of java "${java_opts[@]}" -jar "$jar" "${args[@]}")"
      else
        ms="$(ms_of cm_launch "$sd" "${args[@]}")"
      fi
      samples[$label]+=" $ms"
      # Each command also against an anchor taken right after it (A,B,A,B...): the ratio of the
      # pair, whose median is the least touched by the load of other work on the machine.
      h1="$(ms_of java "${java_opts[@]}" -jar "$hi")"
      hello+=("$h1")
      paired[$label]+=" $(awk -v a="$ms" -v b="$h0" -v c="$h1" 'BEGIN { printf "%.3f", 2 * a / (b + c) }')"
      h0="$h1"
    done
  done
  lat_hello=$(printf '%s\n' "${hello[@]}" | median)
  : >"$work/lat.$tag"
  for spec in "${specs[@]}"; do
    local label="${spec%%:*}"
    printf '%s\t%s\t%s\t%s\n' "$label" "$(tr ' ' '\n' <<<"${samples[$label]}" | grep . | median)" \
      "$(tr ' ' '\n' <<<"${samples[$label]}" | grep . | minmax)" \
      "$(tr ' ' '\n' <<<"${paired[$label]}" | grep . | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')" \
      >>"$work/lat.$tag"
  done
}

scenario_latency() {
  local n=$((reps < 7 ? 7 : reps)) sd="$work/lat-state" tasks
  ((quick)) && n=5
  say ""
  say "== latency: each command $n times, interleaved with a bare JVM hello-world, load $(load)"
  tasks=$(tasks_file 3)
  env CM_BENCH_TAG="$tag" FAKE_AGENT_SLEEP=0 java "${java_opts[@]}" -jar "$jar" run "$tasks" "${no_worktrees[@]}" --no-tui \
    --claude "$agent" --state-dir "$sd" >/dev/null 2>&1 || say "  the run to look at failed"
  warm_archive
  latency_samples "$n" cmd "$sd" "version:version" "--help:--help" "status:status" "list:list" \
    "result:result t1" "output:output t1" "java -jar (no archive) status:status"
  record latency "bare JVM hello-world (anchor)" "$lat_hello" ms "same flags; $n runs"
  local label m range pair
  while IFS=$'\t' read -r label m range pair; do
    record latency "claude-multi $label" "$m" ms "$(ratio "$m" "$lat_hello") x bare JVM (medians); $pair x (median of paired ratios); range $range"
    say "  $label: $m ms ($(ratio "$m" "$lat_hello") x $lat_hello ms; paired: $pair x)"
  done <"$work/lat.cmd"
  record latency "(load at end)" "" "" "load $(load)"
}

# ---------------------------------------------------------------- scale
finals_in() { # state-dir -> number of sessions in a final state (latest journal)
  local j; j="$(ls -d "$1"/runs/*/journal.jsonl 2>/dev/null | tail -1)"
  [[ -n "$j" ]] || { echo 0; return; }
  grep -cE '"state":"(completed|failed|timed out|stopped|killed)"' "$j"
}

scenario_scale() {
  local tasks sd="$work/scale-a" pid tpid t0 ms u s rss
  tasks=$(tasks_file "$sc_tasks")
  say ""
  say "== scale: $sc_tasks tasks at -j $sc_par, sessions ${sc_min}-${sc_max} s, every 10th writes 1 MB, load $(load)"
  warm_archive
  t0=$(now)
  env CM_BENCH_TAG="$tag" FAKE_AGENT_MODE=mixed FAKE_AGENT_MIN="$sc_min" FAKE_AGENT_MAX="$sc_max" \
    /usr/bin/time -f '%U %S %M' -o "$sd.time" java "${java_opts[@]}" -jar "$jar" run "$tasks" "${no_worktrees[@]}" --no-tui --json \
    --claude "$agent" -j "$sc_par" -t 10m --state-dir "$sd" >"$sd.json" 2>"$sd.err" &
  tpid=$!
  # status while the batch runs at full width
  local deadline=$((SECONDS + 120))
  until (($(running_count "$sd") >= sc_par * 9 / 10)); do
    ((SECONDS < deadline)) || break
    kill -0 "$tpid" 2>/dev/null || break
    sleep 0.2
  done
  local live; live=$(running_count "$sd")
  say "  $live sessions running: timing status"
  latency_samples 5 scale "$sd" "status:status"
  local st; st=$(cut -f2 "$work/lat.scale")
  record scale "status during the run ($live running at the first sample)" "$st" ms "$(ratio "$st" "$lat_hello") x bare JVM ($lat_hello ms); 5 runs"
  say "  status: $st ms ($(ratio "$st" "$lat_hello") x $lat_hello ms)"
  wait "$tpid"
  ms=$(ms_between "$t0" "$(now)")
  read -r u s rss <"$sd.time" 2>/dev/null
  record scale "orchestrator CPU per session" "$(awk -v u="$u" -v s="$s" -v n="$sc_tasks" 'BEGIN { printf "%.1f", (u + s) * 1000 / n }')" "ms" \
    "user ${u} s + sys ${s} s for $sc_tasks sessions; batch $(wall_ms_of_json "$sd.json") ms, command $ms ms"
  record scale "orchestrator peak RSS" "$((rss / 1024))" MB "/usr/bin/time maxrss; target < 256 MB"
  say "  CPU ${u}+${s} s, peak RSS $((rss / 1024)) MB, $ms ms"

  # list with 200 recorded runs: copies of this one under new ids
  local run_dir id i
  run_dir="$(ls -d "$sd"/runs/*/ | tail -1)"
  for ((i = 0; i < 200; i++)); do
    id="$(date -u -d "@$((1700000000 + i))" +%Y%m%d-%H%M%S)-$(printf '%04x' "$i")"
    mkdir -p "$sd-200/runs/$id"
    cp "$run_dir/journal.jsonl" "$sd-200/runs/$id/"
    sed "s/\"run_id\" : \"[^\"]*\"/\"run_id\" : \"$id\"/" "$run_dir/run.json" >"$sd-200/runs/$id/run.json"
  done
  latency_samples 5 list200 "$sd-200" "list:list" "status:status"
  while IFS=$'\t' read -r label m range _; do
    record scale "$label, 200 runs of $sc_tasks sessions" "$m" ms "$(ratio "$m" "$lat_hello") x bare JVM ($lat_hello ms)"
    say "  $label with 200 runs: $m ms"
  done <"$work/lat.list200"
  rm -rf "$sd-200"

  # --resume after kill -9 halfway
  sd="$work/scale-b"
  env CM_BENCH_TAG="$tag" FAKE_AGENT_MODE=mixed FAKE_AGENT_MIN="$sc_min" FAKE_AGENT_MAX="$sc_max" \
    java "${java_opts[@]}" -jar "$jar" run "$tasks" "${no_worktrees[@]}" --no-tui --claude "$agent" -j "$sc_par" -t 10m \
    --state-dir "$sd" >/dev/null 2>"$sd.err" &
  pid=$!
  deadline=$((SECONDS + 600))
  until (($(finals_in "$sd") >= sc_tasks / 2)); do
    ((SECONDS < deadline)) && kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  kill -KILL "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
  kill_tagged
  local entries; entries=$(wc -l <"$(ls -d "$sd"/runs/*/journal.jsonl | tail -1)")
  t0=$(now)
  env CM_BENCH_TAG="$tag" FAKE_AGENT_MODE=mixed FAKE_AGENT_MIN="$sc_min" FAKE_AGENT_MAX="$sc_max" \
    java "${java_opts[@]}" -jar "$jar" run --resume --no-tui --claude "$agent" -j "$sc_par" --state-dir "$sd" \
    >/dev/null 2>"$sd.resume.err" &
  pid=$!
  deadline=$((SECONDS + 120))
  until grep -qs '"event":"resumed"' "$sd"/runs/*/journal.jsonl; do
    ((SECONDS < deadline)) && kill -0 "$pid" 2>/dev/null || break
    sleep 0.01
  done
  ms=$(ms_between "$t0" "$(now)")
  record scale "--resume after kill -9 at half: journal replayed, run resumed" "$ms" ms "JVM start included; journal of $entries entries"
  say "  resume: 'resumed' recorded $ms ms after the command ($entries journal entries)"
  stop_pid "$pid"; wait "$pid" 2>/dev/null
  kill_tagged
  rm -rf "$work"/scale-*
  record scale "(load at end)" "" "" "load $(load)"
}
