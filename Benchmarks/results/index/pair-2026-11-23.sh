#!/bin/bash
# Same-run pairs after the builder and merge work of 2026-11-23: fazhi and tantivy-bigram
# alternating, three times at 10k, then once each at 100k (corpora as in run.sh).
# FZ is the release fazhi-index-benchmark (scripts/bench-build.sh fazhi-index-benchmark).
# SIZES=100k TANTIVY_FIRST=1 TAG=s6r: one 100k pair with tantivy run first.
R=$(cd "$(dirname "$0")" && pwd); B=/work/shared/bench
FZ=${FZ:-/work/main/.build-bench/x86_64-unknown-linux-gnu/release/fazhi-index-benchmark}
C10=/tmp/hidx-corpus-10k; C100=/tmp/hbench-corpus-100k
SIZES=${SIZES:-"10k 100k"}
TAG=${TAG:-s6}
for size in $SIZES; do
  if [ $size = 10k ]; then C=$C10; rounds="1 2 3"; else C=$C100; rounds="1"; fi
  for r in $rounds; do
    run_fazhi() {
      /usr/bin/time -v $FZ $C $B/queries.txt /tmp/hbench-fz-$size --rounds 5 > $R/fazhi-$size-$TAG-$r.json 2> $R/fazhi-$size-$TAG-$r.time
      du -sb /tmp/hbench-fz-$size > $R/fazhi-$size-$TAG-$r.du
      rm -rf /tmp/hbench-fz-$size
    }
    run_tantivy() {
      python3 $B/peers.py run --engine tantivy-bigram --corpus $C --queries $B/queries.txt --index-dir /tmp/hbench-idx-$size/tb-$TAG --out $R/peers/tantivy-bigram-$size-$TAG-$r.json --truth $R/peers/truth-$size.json --rounds 5 > $R/tantivy-bigram-$size-$TAG-$r.log 2>&1
      rm -rf /tmp/hbench-idx-$size/tb-$TAG
    }
    if [ -n "${TANTIVY_FIRST:-}" ]; then run_tantivy; run_fazhi; else run_fazhi; run_tantivy; fi
  done
done
