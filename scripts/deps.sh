#!/bin/sh
# deps.sh run|test: installs what Hartslag needs from Debian 12's packages
# (and, for the browser tests, npm packages). Installs only what is missing.
set -eu
what=${1:-run}

build="gcc meson ninja-build pkg-config gettext libmicrohttpd-dev libjansson-dev
libsqlite3-dev libsodium-dev libqrencode-dev libcairo2-dev libpango1.0-dev
libxlsxwriter-dev fonts-dejavu-core"
tests="libcmocka-dev clang-14 libclang-rt-14-dev poppler-utils libxml2-utils
chromium sqlite3 zbar-tools"

pkgs=$build
if [ "$what" = test ]; then
	pkgs="$build $tests"
	# Node.js may come from elsewhere than Debian (with its own npm): take
	# Debian's only when there is none.
	command -v node >/dev/null || pkgs="$pkgs nodejs"
	command -v npm >/dev/null || pkgs="$pkgs npm"
fi

missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "Installing:$missing"
	if [ "$(id -u)" = 0 ]; then
		sudo=""
	elif command -v sudo >/dev/null; then
		sudo="sudo"
	else
		echo "deps.sh: run as root (or install sudo) to install:$missing" >&2
		exit 1
	fi
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		$missing >/dev/null
fi
