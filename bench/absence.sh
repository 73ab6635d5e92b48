#!/bin/sh
# bench/absence.sh: the absence import benchmark. Generates an organisation
# of EMPLOYEES people in teams of 100 and RECORDS absence records (seed 42,
# no overlaps, three years), then in the same run times:
#
#   product    hartslag's import path (absence_import: read, parse, validate
#              every row, check against the stored records, store in one
#              transaction with synchronous=FULL), into a fresh copy of the
#              organisation, and a second time over the first (replacing
#              every record)
#   reference  the sqlite3 shell's .import of the same file into a plain
#              table (no checks, no index), in one transaction
#   csv        the product's CSV reader alone over the same file
#   indicators every unit's figures over 12 months, suppressed
#
#   bench/absence.sh [--employees N] [--records N] [--work DIR] [--build DIR]
#
# Not part of `meson test`.
set -eu

repo=$(cd "$(dirname "$0")/.." && pwd)
work=/tmp/hartslag-bench-absence
build=
employees=100000
records=1000000

while [ $# -gt 0 ]; do
	case $1 in
	--employees) employees=$2; shift 2 ;;
	--records) records=$2; shift 2 ;;
	--work) work=$2; shift 2 ;;
	--build) build=$2; shift 2 ;;
	-h|--help) sed -n '2,18p' "$0"; exit 0 ;;
	*) echo "absence.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
	esac
done
build=${build:-$work/build}
command -v sqlite3 >/dev/null || { echo "absence.sh: needs the sqlite3 shell" >&2; exit 1; }
mkdir -p "$work"
if [ ! -f "$build/build.ninja" ]; then
	meson setup "$build" "$repo" --buildtype=release -Dwerror=true >/dev/null
fi
ninja -C "$build" bench/absence_import >/dev/null
bin=$build/bench/absence_import

value() { sed -n "s/^$1=//p" "$2" | tail -n 1; }
secs() { date +%s.%N; }

echo "== setup: $employees employees, $records records"
rm -f "$work"/org.db* "$work"/run.db* "$work"/ref.db*
"$bin" setup "$work/org.db" "$work" "$employees" "$records" > "$work/setup.txt"
csv=$work/absences.csv
ls -l "$csv" | awk '{printf "csv bytes=%s\n", $5}'
cp "$work/org.db" "$work/run.db"
cp "$work/org.db.key" "$work/run.db.key"

echo "== product import (fresh)"
"$bin" import "$work/run.db" "$csv" | tee "$work/import1.txt"
echo "== product import (again: replaces every record)"
"$bin" import "$work/run.db" "$csv" | tee "$work/import2.txt"

echo "== reference: sqlite3 .import into a plain table"
t0=$(secs)
sqlite3 "$work/ref.db" <<EOF
PRAGMA journal_mode=WAL;
PRAGMA synchronous=FULL;
CREATE TABLE absences (employee TEXT, start TEXT, "end" TEXT, kind TEXT, percentage TEXT,
	certificate TEXT);
.mode csv
.separator ;
BEGIN;
.import --skip 1 $csv absences
COMMIT;
EOF
t1=$(secs)
ref=$(echo "$t1 - $t0" | bc -l)
echo "ref_s=$ref"

echo "== CSV reader alone"
"$bin" csv "$csv" | tee "$work/csv.txt"

echo "== indicators of every unit (12 months)"
"$bin" indicators "$work/run.db" | tee "$work/ind.txt"

p1=$(value total_s "$work/import1.txt")
p2=$(value total_s "$work/import2.txt")
echo
echo "| what | seconds | ratio to sqlite3 .import |"
echo "|---|---|---|"
printf "| product import, fresh (%s records) | %s | %.2f |\n" "$(value imported "$work/import1.txt")" "$p1" "$(echo "$p1 / $ref" | bc -l)"
printf "| product import, replacing all | %s | %.2f |\n" "$p2" "$(echo "$p2 / $ref" | bc -l)"
printf "| sqlite3 .import (reference) | %.3f | 1.00 |\n" "$ref"
printf "| CSV reader alone | %s | %.2f |\n" "$(value csv_s "$work/csv.txt")" "$(echo "$(value csv_s "$work/csv.txt") / $ref" | bc -l)"
printf "| indicators, %s units (after loading %s s) | %s | |\n" "$(value units "$work/ind.txt")" "$(value load_s "$work/ind.txt")" "$(value indicators_s "$work/ind.txt")"
