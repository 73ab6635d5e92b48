#!/bin/sh
# bench/run.sh: the survey-report benchmark (../shared/bench/README.md) for
# Hartslag, in one command. Builds the shared generator and checker and the
# product's bench programs, generates the data (seed 42), imports it into
# the product's SQLite store, times the report from the store, the unit
# page and a plain-C reference measured in the same run, checks the output
# against the README's checksums and prints a table with ratios.
#
#   bench/run.sh [--size M|L|S|all] [--shared DIR] [--work DIR] [--build DIR] [--runs N]
#
# --size     data sizes to run (default: M and L; L takes minutes, mostly the import)
# --shared   the shared folder holding bench/gen.c, check.c and README.md
#            (default: $HARTSLAG_SHARED, else <repository>/../shared)
# --work     where data, databases and outputs go (default /tmp/hartslag-bench)
# --build    meson build directory for the bench programs (default <work>/build)
# --runs     timed runs of the report and the reference; the median is shown (default 3)
# --absence  instead: the absence import benchmark (bench/absence.sh, its own options follow)
#
# Not part of `meson test`: it takes minutes and gigabytes.
set -eu

repo=$(cd "$(dirname "$0")/.." && pwd)
shared=${HARTSLAG_SHARED:-$(git -C "$repo" rev-parse --show-toplevel)/../shared}
work=/tmp/hartslag-bench
build=
sizes="M L"
runs=3

while [ $# -gt 0 ]; do
	case $1 in
	--size) case $2 in all) sizes="S M L" ;; *) sizes=$2 ;; esac; shift 2 ;;
	--shared) shared=$2; shift 2 ;;
	--work) work=$2; shift 2 ;;
	--build) build=$2; shift 2 ;;
	--runs) runs=$2; shift 2 ;;
	--absence) shift; exec "$repo/bench/absence.sh" "$@" ;; # the absence import benchmark
	-h|--help) sed -n '2,19p' "$0"; exit 0 ;;
	*) echo "run.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
	esac
done
build=${build:-$work/build}
readme=$shared/bench/README.md
for f in gen.c check.c README.md; do
	if [ ! -f "$shared/bench/$f" ]; then
		echo "run.sh: '$shared/bench/$f' not found: give --shared DIR or set HARTSLAG_SHARED" >&2
		exit 1
	fi
done
mkdir -p "$work"

echo "== building"
cc -O2 -o "$work/gen" "$shared/bench/gen.c" -lm
cc -O2 -o "$work/check" "$shared/bench/check.c" -lm
if [ ! -f "$build/build.ninja" ]; then
	meson setup "$build" "$repo" --buildtype=release -Dwerror=true >/dev/null
fi
ninja -C "$build" bench/bench_report bench/ref_report >/dev/null
bin=$build/bench

# value KEY FILE: the value of a key=value line
value() { sed -n "s/^$1=//p" "$2" | tail -n 1; }
# median of the numbers on stdin
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'; }
# readme_fig NAME COLUMN: a figure from the README's table (columns: M s, L s, L RSS)
readme_fig() {
	awk -F'|' -v name="$1" -v col="$2" 'index($2, name) == 2 { gsub(/ /, "", $(col + 2)); print $(col + 2) }' "$readme"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

summary=$work/summary.txt
: >"$summary"
for size in $sizes; do
	case $size in
	S) n=10000 ;;
	M) n=100000 ;;
	L) n=1000000 ;;
	*) echo "run.sh: unknown size '$size' (S, M, L or all)" >&2; exit 2 ;;
	esac
	data=$work/$size
	echo "== $size: $n employees"
	mkdir -p "$data"
	"$work/gen" "$n" 42 "$data" 2>"$work/gen-$size.log"
	rm -f "$work/$size.db" "$work/$size.db-wal" "$work/$size.db-shm" "$work/$size.db.key"
	"$bin/bench_report" import "$work/$size.db" "$data" "$repo/bench/bench.instrument" \
		>"$work/import-$size.txt"
	log=$work/report-$size.txt
	: >"$log"
	i=0
	while [ "$i" -lt "$runs" ]; do
		"$bin/bench_report" report "$work/$size.db" "$work/out-$size.csv" >"$work/run.txt"
		cat "$work/run.txt" >>"$log"
		"$bin/ref_report" "$data" "$work/ref-$size.csv" >>"$log"
		i=$((i + 1))
	done
	"$bin/bench_report" scan "$work/$size.db" >>"$log"
	expected=$(sed -n "s/^$size: //p" "$readme")
	got=$("$work/check" "$work/out-$size.csv")
	ref=$("$work/check" "$work/ref-$size.csv")
	same=$("$work/check" "$work/out-$size.csv" "$work/ref-$size.csv" | tail -n 1)
	ok=MISMATCH
	[ "$got" = "$expected" ] && ok=OK
	refok=MISMATCH
	[ "$ref" = "$expected" ] && refok=OK
	rep=$(grep '^report_s=' "$log" | cut -d= -f2 | median)
	repcpu=$(grep '^report_cpu_s=' "$log" | cut -d= -f2 | median)
	rss=$(grep '^report_peak_rss_mib=' "$log" | cut -d= -f2 | median)
	refs=$(grep '^ref_s=' "$log" | cut -d= -f2 | median)
	refcpu=$(grep '^ref_cpu_s=' "$log" | cut -d= -f2 | median)
	refrss=$(grep '^ref_peak_rss_mib=' "$log" | cut -d= -f2 | median)
	c_readme=-
	duck_readme=-
	if [ "$size" != S ]; then
		col=1
		[ "$size" = L ] && col=2
		c_readme=$(readme_fig "plain single-threaded C" $col)
		duck_readme=$(readme_fig "DuckDB" $col)
	fi
	{
		echo "== $size ($n employees, $(value import_responses "$work/import-$size.txt") responses, $(value report_units "$work/run.txt") units)"
		echo "import into the store: $(value import_s "$work/import-$size.txt") s" \
			"(units $(value import_units_s "$work/import-$size.txt") s," \
			"parse $(value import_parse_s "$work/import-$size.txt") s," \
			"responses_insert $(value import_insert_s "$work/import-$size.txt") s," \
			"peak RSS $(value import_peak_rss_mib "$work/import-$size.txt") MiB)"
		echo "checksum, product:   $got [$ok]"
		echo "checksum, reference: $ref [$refok]"
		echo "expected (README):   $expected"
		echo "product vs reference row by row: $same"
		fmt='%-44s %8s %8s %13s %10s %10s\n'
		printf "$fmt" "full report (median of $runs)" "wall s" "CPU s" "peak RSS MiB" "x C wall" "x C CPU"
		printf "$fmt" "Hartslag: store -> engine -> CSV" "$rep" "$repcpu" "$rss" \
			"$(ratio "$rep" "$refs")" "$(ratio "$repcpu" "$refcpu")"
		printf "$fmt" "  of which reading the store (scan alone)" \
			"$(value scan_s "$log")" "$(value scan_cpu_s "$log")" "" "" ""
		printf "$fmt" "plain C from CSV, this machine, this run" "$refs" "$refcpu" "$refrss" "1.00" "1.00"
		printf "$fmt" "plain C, README (2-core machine)" "$c_readme" "" "" "" ""
		printf "$fmt" "DuckDB 1.5, README (2-core machine)" "$duck_readme" "" "" "" ""
		if [ "$c_readme" != - ]; then
			echo "Hartslag vs README figures (wall): $(ratio "$rep" "$c_readme") x plain C," \
				"$(ratio "$rep" "$duck_readme") x DuckDB (another machine: the ratios to" \
				"this run's C are the fair ones)"
		fi
		echo "CPU counts both threads of the product (waves finished and CSV formatted on 2 cores)."
		echo "suppression: the benchmark's rule only (n, mean, sd, risk empty when nresp < 5);"
		echo "  the product's complementary suppression (core/suppress.h) is stricter and is NOT applied here."
		echo "risk: the instrument's red zone (red cut points 3.5 for demands, 2.5 for resources)."
	} >>"$summary"
	if [ "$size" = M ]; then
		"$bin/bench_report" page "$work/$size.db" 100 >"$work/page-$size.txt"
		p=$work/page-$size.txt
		{
			echo "unit page (department $(value page_unit "$p"), $(value page_unit_respondents "$p") respondents, 3 waves x 15 scales with comparisons):"
			echo "  from the figures kept in memory (server report cache): $(value page_from_memory_ms "$p") ms wall," \
				"$(value page_from_memory_cpu_ms "$p") ms CPU (mean of $(value page_from_memory_reps "$p"))"
			echo "  recomputed from the store every time (no cache): $(value page_from_store_ms "$p") ms wall," \
				"$(value page_from_store_cpu_ms "$p") ms CPU (mean of $(value page_from_store_reps "$p"))"
		} >>"$summary"
	fi
	rm -f "$work/run.txt"
done
echo
cat "$summary"
