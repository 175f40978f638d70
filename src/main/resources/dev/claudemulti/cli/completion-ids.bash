
# claude-multi: task ids and run ids, read from the state directory. Listed with the shell's
# own globbing rather than by running claude-multi (a JVM start per Tab would be slow), and
# silent when the directory is missing or unreadable.

# The state directory: --state-dir on the line, else CLAUDE_SESSIONS_DIR, else the XDG default.
function _claude_multi_state_dir() {
  local i w
  for ((i = 1; i < ${#COMP_WORDS[@]}; i++)); do
    w=${COMP_WORDS[i]}
    if [[ $w == --state-dir && $((i + 1)) -lt $COMP_CWORD ]]; then
      w=${COMP_WORDS[i + 1]}
      printf '%s\n' "${w/#\~/$HOME}"
      return
    elif [[ $w == --state-dir=* ]]; then
      w=${w#--state-dir=}
      printf '%s\n' "${w/#\~/$HOME}"
      return
    fi
  done
  printf '%s\n' "${CLAUDE_SESSIONS_DIR:-${XDG_STATE_HOME:-$HOME/.local/state}/claude-multi}"
}

# The run named by -r/--run on the line, if any.
function _claude_multi_run_on_line() {
  local i w
  for ((i = 1; i < COMP_CWORD; i++)); do
    w=${COMP_WORDS[i]}
    if [[ ($w == -r || $w == --run) && $((i + 1)) -lt $COMP_CWORD ]]; then
      printf '%s\n' "${COMP_WORDS[i + 1]}"
      return
    elif [[ $w == --run=* ]]; then
      printf '%s\n' "${w#--run=}"
      return
    fi
  done
}

function _claude_multi_run_ids() {
  local dir f
  dir=$(_claude_multi_state_dir)
  for f in "$dir"/runs/[0-9]*-[0-9]*-*; do
    [[ -d $f ]] && printf '%s\n' "${f##*/}"
  done 2>/dev/null
}

# Task ids of the run on the line, else of every run.
function _claude_multi_task_ids() {
  local dir run f
  dir=$(_claude_multi_state_dir)
  run=$(_claude_multi_run_on_line)
  [[ $run == */* ]] && return
  for f in "$dir"/runs/${run:-*}/sessions/*; do
    [[ -d $f ]] && printf '%s\n' "${f##*/}"
  done 2>/dev/null | sort -u 2>/dev/null
}

function _claude_multi_complete() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
  local cmd="" at=0 i w positionals=0 skip=0
  for ((i = 1; i < COMP_CWORD; i++)); do
    if [[ ${COMP_WORDS[i]} != -* ]]; then
      cmd=${COMP_WORDS[i]}
      at=$i
      break
    fi
  done
  # Words already given after the command that are not options or option values.
  for ((i = at + 1; at > 0 && i < COMP_CWORD; i++)); do
    w=${COMP_WORDS[i]}
    if ((skip)); then
      skip=0
    elif [[ $w == -r || $w == --run || $w == --state-dir || $w == --attempt || $w == --grace || $w == -o \
        || $w == --output || $w == --format || $w == --resume ]]; then
      skip=1
    elif [[ $w != -* ]]; then
      positionals=$((positionals + 1))
    fi
  done
  local words=""
  case $cmd in
    status | list | result | output | stop | kill | stop-all | report | dashboard | run | diff | merge | conflicts \
        | continue | attach)
      if [[ $prev == -r || $prev == --run || ($cmd == run && $prev == --resume) ]]; then
        words=$(_claude_multi_run_ids)
      elif [[ $cmd == merge && $cur != -* ]]; then
        words=$(_claude_multi_task_ids) # merge takes any number of tasks
      elif [[ $cur != -* && $positionals == 0 ]]; then
        case $cmd in
          result | output | stop | kill | diff | continue | attach) words=$(_claude_multi_task_ids) ;;
          report) words=$(_claude_multi_run_ids) ;;
        esac
      fi
      ;;
  esac
  if [[ -n $words ]]; then
    local IFS=$'\n'
    COMPREPLY=($(compgen -W "$words" -- "$cur"))
    return 0
  fi
  _complete_claude-multi "$@"
}

complete -F _claude_multi_complete -o default claude-multi claude-multi.sh claude-multi.bash
