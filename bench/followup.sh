#!/bin/sh
# bench/followup.sh: the presence policy's task generation over the
# benchmark organisation of bench/absence.sh (EMPLOYEES people in teams of
# 100, RECORDS absence records, seed 42), with a manager account on every
# third unit. In the same run it times:
#
#   product    'hartslag absence tasks' on a fresh copy: reads every record,
#              runs the policy per employee, stores every new task with its
#              manager in one transaction (the first generation)
#   again      the same command once more: nothing changed, so it stops
#              after its stamp check (what a page view costs most days)
#   reference  the sqlite3 shell reading every record once (ordered by
#              employee and start, as generation reads them): the floor
#
#   bench/followup.sh [--employees N] [--records N] [--work DIR] [--build DIR]
#
# Not part of `meson test`.
set -eu

repo=$(cd "$(dirname "$0")/.." && pwd)
work=/tmp/hartslag-bench-followup
build=
employees=100000
records=1000000

while [ $# -gt 0 ]; do
	case $1 in
	--employees) employees=$2; shift 2 ;;
	--records) records=$2; shift 2 ;;
	--work) work=$2; shift 2 ;;
	--build) build=$2; shift 2 ;;
	-h|--help) sed -n '2,17p' "$0"; exit 0 ;;
	*) echo "followup.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
	esac
done
build=${build:-$work/build}
command -v sqlite3 >/dev/null || { echo "followup.sh: needs the sqlite3 shell" >&2; exit 1; }
mkdir -p "$work"
if [ ! -f "$build/build.ninja" ]; then
	meson setup "$build" "$repo" --buildtype=release -Dwerror=true >/dev/null
fi
ninja -C "$build" bench/absence_import src/cli/hartslag >/dev/null
bin=$build/bench/absence_import
hartslag=$build/src/cli/hartslag

secs() { date +%s.%N; }

echo "== setup: $employees employees, $records records"
rm -f "$work"/org.db* "$work"/run.db*
"$bin" setup "$work/org.db" "$work" "$employees" "$records" > "$work/setup.txt"
"$bin" import "$work/org.db" "$work/absences.csv" > "$work/import.txt"
sqlite3 "$work/org.db" "INSERT INTO users (login, pw_hash, role, unit_id)
	SELECT 'm' || id, 'x', 'manager', id FROM units WHERE id % 3 = 0;"
cp "$work/org.db" "$work/run.db"
cp "$work/org.db.key" "$work/run.db.key"

echo "== reference: sqlite3 reads every record"
t0=$(secs)
sqlite3 "$work/org.db" "SELECT count(*), sum(end_day - start_day), sum(pct) FROM
	(SELECT * FROM absences ORDER BY employee_id, start_day);" >/dev/null
t1=$(secs)
ref=$(echo "$t1 - $t0" | bc -l)

echo "== product: first generation"
t0=$(secs)
"$hartslag" absence tasks --db "$work/run.db" --due-before 1971-01-01 >/dev/null
t1=$(secs)
first=$(echo "$t1 - $t0" | bc -l)
tasks=$(sqlite3 "$work/run.db" "SELECT count(*) FROM followup_tasks")

echo "== product: again, nothing changed"
t0=$(secs)
"$hartslag" absence tasks --db "$work/run.db" --due-before 1971-01-01 >/dev/null
t1=$(secs)
again=$(echo "$t1 - $t0" | bc -l)

echo
echo "| what | seconds | ratio to reading the records |"
echo "|---|---|---|"
printf "| first generation (%s tasks) | %.3f | %.2f |\n" "$tasks" "$first" "$(echo "$first / $ref" | bc -l)"
printf "| again, nothing changed | %.3f | %.2f |\n" "$again" "$(echo "$again / $ref" | bc -l)"
printf "| sqlite3 reads every record (reference) | %.3f | 1.00 |\n" "$ref"
