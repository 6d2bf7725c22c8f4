#!/bin/bash
# Second back-to-back 10k pair after the last TermMatcher change (fazhi-10k.json predates it).
R=/work/h-index/results; B=/work/shared/bench
/usr/bin/time -v nice -n 10 /work/h-index/.build/release/fazhi-index-benchmark /tmp/hidx-corpus-10k $B/queries.txt /tmp/hbench-fz-10k --rounds 5 > $R/fazhi-10k-rerun.json 2> $R/fazhi-10k-rerun.time
rm -rf /tmp/hbench-fz-10k
nice -n 10 python3 $B/peers.py run --engine tantivy-bigram --corpus /tmp/hidx-corpus-10k --queries $B/queries.txt --index-dir /tmp/hbench-idx-10k/tb-rerun --out $R/peers/tantivy-bigram-rerun-10k.json --truth $R/peers/truth-10k.json --rounds 5 > $R/tantivy-bigram-rerun-10k.log 2>&1
rm -rf /tmp/hbench-idx-10k/tb-rerun
