#!/bin/sh
# Golden-output test of the command line: runs `ustorport ARGS...` and compares its
# exit status, stdout and stderr with tests/cli/golden/NAME.txt.
# Usage: golden.sh USTORPORT GOLDEN_DIR NAME [ARGS...]
# USTOR_GOLDEN_UPDATE=1 rewrites the golden file instead of comparing.
set -u
bin=$1 dir=$2 name=$3
shift 3
out=$(mktemp) err=$(mktemp) got=$(mktemp)
trap 'rm -f "$out" "$err" "$got"' EXIT
# No log environment may leak into the output; no terminal, so no progress line.
env -u USTOR_LOG "$bin" "$@" >"$out" 2>"$err" </dev/null
status=$?
{
    echo "exit: $status"
    echo "--- stdout"
    cat "$out"
    echo "--- stderr"
    cat "$err"
} >"$got"
if [ "${USTOR_GOLDEN_UPDATE:-}" = 1 ]; then
    cp "$got" "$dir/$name.txt"
    echo "updated $dir/$name.txt"
    exit 0
fi
if ! diff -u "$dir/$name.txt" "$got"; then
    echo "golden.sh: '$name' (ustorport $*) differs from $dir/$name.txt" >&2
    exit 1
fi
