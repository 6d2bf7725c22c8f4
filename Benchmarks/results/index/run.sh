#!/bin/bash
# One sequential run of fazhi and its peers on the same corpora and queries (see BENCHMARKS-index.md).
set -u
R=/work/h-index/results
B=/work/shared/bench
FZ=/work/h-index/.build/release/fazhi-index-benchmark
C10=/tmp/hidx-corpus-10k            # = first 10,000 docs of gen_corpus.py --n 100000 --seed 42
C100=/tmp/hbench-corpus-100k        # gen_corpus.py --out $C100 --n 100000 --seed 42
{ date -u; nproc; lscpu | head -20; uname -a; swift --version 2>&1 | head -1; python3 --version; /usr/bin/python3 --version; uptime; } > $R/machine.txt 2>&1
run_fazhi() {  # corpus tag
  /usr/bin/time -v nice -n 10 $FZ $1 $B/queries.txt /tmp/hbench-fz-$2 --rounds 5 > $R/fazhi-$2.json 2> $R/fazhi-$2.time
  du -sb /tmp/hbench-fz-$2 > $R/fazhi-$2.du
  rm -rf /tmp/hbench-fz-$2
}
run_fazhi $C10 10k
nice -n 10 python3 $B/peers.py all --corpus $C10 --index-root /tmp/hbench-idx-10k --results $R/peers \
  --engines tantivy-bigram,tantivy-ngram2,xapian-cjk,sqlite-trigram --timeout 1500 --drop-index 2> $R/peers-10k.log
run_fazhi $C100 100k
nice -n 10 python3 $B/peers.py all --corpus $C100 --index-root /tmp/hbench-idx-100k --results $R/peers \
  --engines tantivy-bigram,tantivy-ngram2 --timeout 2400 --drop-index 2> $R/peers-100k.log
uptime >> $R/machine.txt
python3 $B/peers.py table --results $R/peers > $R/peers-table.md
echo ALL_DONE > $R/done
