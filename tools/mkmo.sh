#!/bin/sh
# mkmo.sh OUT.mo IN.po...: merges a language's .po files and compiles them.
set -e
out=$1
shift
msgcat --use-first -o - "$@" | msgfmt --check-format -o "$out" -
