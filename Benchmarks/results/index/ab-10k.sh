#!/bin/bash
# Interleaved A/B of fazhi-index-benchmark builds on the 10k corpus (one indexing run each,
# one query round), as used for the 2026-11-23 builder and merge changes:
#
#   DIR=/tmp/ixbin Benchmarks/results/index/ab-10k.sh 3 base new
#
# runs $DIR/base, $DIR/new, $DIR/base, … three times and prints docs/s, index and store bytes,
# and how many of the 60 hit counts equal peers.py's truth. Compare medians: this VM's speed
# drifts between minutes.
n=${1:?usage: ab-10k.sh ROUNDS NAME...}; shift
DIR=${DIR:-/tmp/ixbin}
R=$(cd "$(dirname "$0")" && pwd)
for i in $(seq "$n"); do
  for b in "$@"; do
    rm -rf /tmp/ixab-index
    "$DIR/$b" /tmp/hidx-corpus-10k /work/shared/bench/queries.txt /tmp/ixab-index --rounds 1 > "/tmp/ixab-$b.json" 2>/dev/null
    python3 - "$b" "/tmp/ixab-$b.json" "$R/peers/truth-10k.json" <<'PY'
import json, sys
name, out, truth = sys.argv[1:]
d = json.load(open(out)); t = {q['q']: q['hits'] for q in json.load(open(truth))['queries']}
ok = sum(1 for q in d['queries'] if t.get(q['q']) == q['hits'])
print(name, round(d['docs_per_second']), d['index_bytes'], d['store_bytes'], f'{ok}/60', flush=True)
PY
  done
done
rm -rf /tmp/ixab-index
