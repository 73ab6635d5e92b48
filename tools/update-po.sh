#!/bin/sh
# update-po.sh: extracts the translatable messages of the web application
# (src/web/*.c), of the command line (src/cli/*.c) and of the core library
# (src/core/*.c: the CSV import problems) and merges them into
# po/<lang>/web.po, po/<lang>/cli.po and po/<lang>/core.po for every
# language. The feature parts have their own files, whatever directory
# their sources are in: po/<lang>/absence.po for src/*/*absence*.c
# (absences, presence policy, return to work), po/<lang>/action.po for
# src/*/*action*.c (action plans, effect, 'you said, we did') and
# po/<lang>/workshop.po for src/*/*workshop*.c (team workshops).
#
# Messages are written in the C sources as T(lang, "English text") and
# NT(lang, "singular", "plural", n); the English text is the message id.
# A message used by both the web application and the command line goes in
# web.po only, and a core message that is also in web or cli goes there
# only (the build merges a language's .po files with msgcat --use-first,
# web first, core last).
#
# Each .po file keeps its own header unchanged (with its Plural-Forms
# line); it must be the first block of the file, ended by an empty line. New
# messages come in untranslated (no fuzzy matching); a message that moved
# between web, cli and core keeps its translation; messages that are no
# longer in the sources are dropped.
#
# Usage: tools/update-po.sh   (from anywhere; needs package gettext)
set -eu

cd "$(dirname "$0")/.."

langs="nl fr"
components="web cli core absence action workshop"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

extract() {
	# extract OUT.pot [xgettext options] FILE...
	out=$1
	shift
	xgettext --keyword= --keyword=T:2 --keyword=NT:2,3 --keyword=N_ \
		--from-code=UTF-8 --language=C --no-location \
		--add-comments=TRANSLATORS: --force-po --no-wrap \
		--package-name=Hartslag -o "$out" "$@"
}

feature() {
	# feature PATTERN...: the sources of src/*/ whose names match
	for pat in "$@"; do
		for f in src/*/*"$pat"*.c; do
			[ -f "$f" ] && echo "$f"
		done
	done
}
plain() {
	# plain DIR: the sources of DIR that belong to no feature
	for f in "$1"/*.c; do
		case $f in
		*absence* | *action* | *workshop*) ;;
		*) echo "$f" ;;
		esac
	done
}
# Word splitting of the file lists is wanted (no spaces in source names).
# shellcheck disable=SC2046
extract "$tmp/web.pot" $(plain src/web)
# Messages already in web.pot are left out of the others, and so on in
# the order of the build's merge (web first, then report by hand, cli,
# core, absence, action, workshop).
# shellcheck disable=SC2046
extract "$tmp/cli.pot" -x "$tmp/web.pot" $(plain src/cli)
# shellcheck disable=SC2046
extract "$tmp/core.pot" -x "$tmp/web.pot" -x "$tmp/cli.pot" $(plain src/core)
extract_feature() {
	# extract_feature OUT.pot "SOURCES" [xgettext options]: an empty
	# catalogue when the feature has no sources yet
	out=$1
	srcs=$2
	shift 2
	if [ -z "$srcs" ]; then
		printf 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n' >"$out"
		return
	fi
	# shellcheck disable=SC2086
	extract "$out" "$@" $srcs
}
extract_feature "$tmp/absence.pot" "$(feature absence)" \
	-x "$tmp/web.pot" -x "$tmp/cli.pot" -x "$tmp/core.pot"
extract_feature "$tmp/action.pot" "$(feature action)" \
	-x "$tmp/web.pot" -x "$tmp/cli.pot" -x "$tmp/core.pot" -x "$tmp/absence.pot"
extract_feature "$tmp/workshop.pot" "$(feature workshop)" \
	-x "$tmp/web.pot" -x "$tmp/cli.pot" -x "$tmp/core.pot" -x "$tmp/absence.pot" \
	-x "$tmp/action.pot"

for l in $langs; do
	for c in $components; do
		po=po/$l/$c.po
		if [ ! -f "$po" ]; then
			echo "update-po.sh: $po is missing (it needs a header with Plural-Forms)" >&2
			exit 1
		fi
	done
	# Snapshots of all files, so a message that moved between components
	# keeps its translation (exact matches only).
	for c in $components; do
		cp "po/$l/$c.po" "$tmp/$l-$c.po"
	done
	for c in $components; do
		others=
		for o in $components; do
			[ "$o" = "$c" ] || others="$others --compendium=$tmp/$l-$o.po"
		done
		po=po/$l/$c.po
		# $others is split on purpose: one option per other component.
		# shellcheck disable=SC2086
		msgmerge --quiet --update --backup=off --no-fuzzy-matching \
			--no-wrap $others "$po" "$tmp/$c.pot"
		msgattrib --no-obsolete --no-wrap -o "$tmp/$l-$c.body" "$po"
		# (msgattrib writes no file for a catalogue without messages)
		[ -f "$tmp/$l-$c.body" ] || : >"$tmp/$l-$c.body"
		# msgmerge rewrites some header fields (POT-Creation-Date...):
		# put back the file's own header, the block up to the first
		# empty line, so the header never churns.
		{
			awk 'NF == 0 { exit } { print }' "$tmp/$l-$c.po"
			echo
			awk 'f { print } NF == 0 { f = 1 }' "$tmp/$l-$c.body"
		} >"$tmp/$l-$c.new"
		if ! cmp -s "$tmp/$l-$c.new" "$po"; then
			cp "$tmp/$l-$c.new" "$po"
		fi
		stats=$(msgfmt --check-format --statistics -o /dev/null "$po" 2>&1) || {
			echo "$stats" >&2
			exit 1
		}
		echo "$po: $stats"
	done
done
