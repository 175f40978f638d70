#!/bin/sh
# A stand-in for `claude -p --output-format stream-json ...` used by bench/run.sh.
# Ignores its flags, reads the prompt from stdin, then behaves as FAKE_AGENT_MODE says:
#   sleep (default): sleep FAKE_AGENT_SLEEP seconds (default 1), print one result line.
#   flood:           print about FAKE_AGENT_BYTES bytes (default 10 MB) of valid
#                    {"type":"assistant",...} lines as fast as possible, then a result line.
#   mixed:           by the number N at the end of the prompt ("bench task N"): sleep between
#                    FAKE_AGENT_MIN and FAKE_AGENT_MAX seconds (default 2 and 20), and every 10th
#                    task first prints FAKE_AGENT_BYTES (default 1 MB) as flood does.
prompt="$(cat)"
case "${FAKE_AGENT_MODE:-sleep}" in
  mixed)
    n="${prompt##* }"; case "$n" in ''|*[!0-9]*) n=0 ;; esac
    lo="${FAKE_AGENT_MIN:-2}" hi="${FAKE_AGENT_MAX:-20}"
    if [ $((n % 10)) -eq 0 ]; then
      FAKE_AGENT_MODE=flood FAKE_AGENT_BYTES="${FAKE_AGENT_BYTES:-1048576}" FAKE_AGENT_SLEEP=0 "$0" </dev/null | sed '$d'
    fi
    sleep $((lo + (n * 7919) % (hi - lo + 1)))
    ;;
  flood)
    bytes="${FAKE_AGENT_BYTES:-10485760}"
    line='{"type":"assistant","message":{"role":"assistant","content":[{"type":"text","text":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}]}}'
    yes "$line" | head -n "$((bytes / (${#line} + 1)))"
    ;;
  *)
    sleep "${FAKE_AGENT_SLEEP:-1}"
    ;;
esac
echo '{"type":"result","subtype":"success","is_error":false,"result":"ok","total_cost_usd":0.001,"num_turns":1,"duration_ms":1000,"usage":{"input_tokens":1,"output_tokens":1}}'
