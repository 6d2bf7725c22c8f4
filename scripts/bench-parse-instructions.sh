#!/usr/bin/env bash
# Instructions executed inside ReportParser.parse, counted by valgrind's callgrind: a measure of
# the parser's own work that does not move with the VM's speed from one minute to the next
# (wall-clock MB/s on this machine varies by ±20% between runs of the same binary). Use it to
# compare two versions of the parser; report MB/s from scripts/bench-parse.sh. See BENCHMARKS.md.
#
#   scripts/bench-parse-instructions.sh                  # 200 generated reports, each parsed 4 times
#   scripts/bench-parse-instructions.sh --count 400      # extra arguments go to the benchmark
#   FAZHI_PARSE_BENCH_BIN=/path/to/fazhi-parse-benchmark scripts/bench-parse-instructions.sh
#                                                        # measure another build (an older commit)
#
# Needs valgrind (apt-get install valgrind). Valgrind 3.19 cannot read the DWARF 5 debug
# information Swift 6 writes, so a copy of the binary without it is measured.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }
if [[ -n "${FAZHI_PARSE_BENCH_BIN:-}" ]]; then
    binary=$FAZHI_PARSE_BENCH_BIN
else
    binary="$(scripts/bench-build.sh fazhi-parse-benchmark)/fazhi-parse-benchmark"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
strip --strip-debug -o "$work/fazhi-parse-benchmark" "$binary"
# The parser's resources (gazetteer, indicators) sit next to the binary.
cp -r "$(dirname "$binary")/fazhi_FazhiParsing.resources" "$work/"
count=200
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
    if [[ ${args[i]} == --count ]]; then count=${args[i + 1]}; fi
done
# Only the work inside ReportParser.parse is counted: not generating the corpus, not loading the
# gazetteer. The benchmark parses each report 4 times (one timed pass, then 3 per-document runs).
symbol='$s12FazhiParsing12ReportParserV5parse_11contentType9sourceURL9crawlDateAA06ParsedC0VSays5UInt8VG_SSSgAmA08CalendarK0VSgtAA10ParseErrorVYKF'
valgrind --tool=callgrind --toggle-collect="$symbol" --callgrind-out-file="$work/callgrind.out" \
    "$work/fazhi-parse-benchmark" --count "$count" --passes 1 --parse-only "$@" > "$work/stdout" 2> "$work/stderr"
instructions=$(grep -E '^summary:' "$work/callgrind.out" | awk '{print $2}')
if [[ -z "$instructions" || "$instructions" == 0 ]]; then
    echo "callgrind counted nothing inside ReportParser.parse (was the symbol renamed?)" >&2
    tail -5 "$work/stderr" >&2
    exit 1
fi
bytes=$(grep -E '^corpus:' "$work/stdout" | sed -E 's/.* ([0-9.]+) MB.*/\1/')
echo "binary: $binary"
echo "instructions inside ReportParser.parse: $instructions ($count reports x 4 parses)"
awk -v n="$instructions" -v c="$count" -v mb="$bytes" 'BEGIN {
    printf "per report: %.0f instructions; per input byte: %.0f\n", n / (4 * c), n / (4 * mb * 1e6)
}'
