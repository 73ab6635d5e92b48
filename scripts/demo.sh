#!/bin/sh
# demo.sh [options]: sets up everything, builds Hartslag and runs the demo
# organisation at http://127.0.0.1:8080/ (options go to 'hartslag demo').
set -eu
cd "$(dirname "$0")/.."
scripts/deps.sh run
[ -f build-release/build.ninja ] ||
	meson setup build-release --buildtype=release -Dtests=false >/dev/null
ninja -C build-release >/dev/null
exec build-release/src/cli/hartslag demo "$@"
