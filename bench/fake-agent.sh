#!/bin/sh
# A stand-in for `claude -p --output-format stream-json ...` used by bench/run.sh.
# Ignores its flags, reads the prompt from stdin, then behaves as FAKE_AGENT_MODE says:
#   sleep (default): sleep FAKE_AGENT_SLEEP seconds (default 1), print one result line.
#   flood:           print about FAKE_AGENT_BYTES bytes (default 10 MB) of valid
#                    {"type":"assistant",...} lines as fast as possible, then a result line.
cat >/dev/null
case "${FAKE_AGENT_MODE:-sleep}" in
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
