#!/bin/sh
# mkmo.sh OUT.mo IN.po...: merges a language's .po files (the first
# translation of a message wins) and compiles them. Fails when either step does.
set -e
out=$1
shift
msgcat --use-first -o "$out.po" "$@"
msgfmt --check-format -o "$out" "$out.po"
rm -f "$out.po"
