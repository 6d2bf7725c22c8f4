#!/bin/bash
# Back-to-back 100k pair at commit dbc2c36 (2026-11-22 evening): fazhi, then tantivy-bigram,
# on the corpus of run.sh. FZ is the release fazhi-index-benchmark (scripts/bench-build.sh).
R=$(cd "$(dirname "$0")" && pwd); B=/work/shared/bench
FZ=${FZ:-/work/main/.build-bench/x86_64-unknown-linux-gnu/release/fazhi-index-benchmark}
C100=/tmp/hbench-corpus-100k
/usr/bin/time -v nice -n 10 $FZ $C100 $B/queries.txt /tmp/hbench-fz-100k --rounds 5 > $R/fazhi-100k-rerun.json 2> $R/fazhi-100k-rerun.time
du -sb /tmp/hbench-fz-100k > $R/fazhi-100k-rerun.du
rm -rf /tmp/hbench-fz-100k
nice -n 10 python3 $B/peers.py run --engine tantivy-bigram --corpus $C100 --queries $B/queries.txt --index-dir /tmp/hbench-idx-100k/tb-rerun --out $R/peers/tantivy-bigram-rerun-100k.json --truth $R/peers/truth-100k.json --rounds 5 > $R/tantivy-bigram-rerun-100k.log 2>&1
rm -rf /tmp/hbench-idx-100k/tb-rerun
