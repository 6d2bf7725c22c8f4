#!/bin/bash
# Segment format 5 (Rice-coded blocks, no positions for separator pairs) against the format-4
# build and tantivy-bigram, interleaved in one run: three rounds at 10k, one at 100k.
# FZ: release fazhi-index-benchmark of the format-5 code (scripts/bench-build.sh
# fazhi-index-benchmark); FZOLD: the same benchmark built at f213149 (format 4).
R=$(cd "$(dirname "$0")" && pwd); B=/work/shared/bench
FZ=${FZ:?FZ=path of the format-5 benchmark}; FZOLD=${FZOLD:?FZOLD=path of the format-4 benchmark}
C10=/tmp/hidx-corpus-10k; C100=/tmp/hbench-corpus-100k
SIZES=${SIZES:-"10k 100k"}
TAG=${TAG:-s9}
for size in $SIZES; do
  if [ $size = 10k ]; then C=$C10; rounds="1 2 3"; else C=$C100; rounds="1"; fi
  for r in $rounds; do
    for build in new old; do
      bin=$FZ; [ $build = old ] && bin=$FZOLD
      /usr/bin/time -v $bin $C $B/queries.txt /tmp/hbench-fz-$size --rounds 5 > $R/fazhi-$size-$TAG-$build-$r.json 2> $R/fazhi-$size-$TAG-$build-$r.time
      du -sb /tmp/hbench-fz-$size > $R/fazhi-$size-$TAG-$build-$r.du
      rm -rf /tmp/hbench-fz-$size
    done
    python3 $B/peers.py run --engine tantivy-bigram --corpus $C --queries $B/queries.txt --index-dir /tmp/hbench-idx-$size/tb-$TAG --out $R/peers/tantivy-bigram-$size-$TAG-$r.json --truth $R/peers/truth-$size.json --rounds 5 > $R/tantivy-bigram-$size-$TAG-$r.log 2>&1
    rm -rf /tmp/hbench-idx-$size/tb-$TAG
  done
done
