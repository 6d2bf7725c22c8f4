#!/bin/bash
# Segment format 5 and all four peers on the 10k corpus, in one sequential run (the peers'
# results go to peers-s9/, beside the earlier runs' peers/). FZ as in pair-format5.sh.
R=$(cd "$(dirname "$0")" && pwd); B=/work/shared/bench
FZ=${FZ:?FZ=path of the format-5 benchmark}
C10=/tmp/hidx-corpus-10k
{ date -u; nproc; uptime; } > $R/machine-s9.txt
/usr/bin/time -v $FZ $C10 $B/queries.txt /tmp/hbench-fz-10k --rounds 5 > $R/fazhi-10k-s9all.json 2> $R/fazhi-10k-s9all.time
du -sb /tmp/hbench-fz-10k > $R/fazhi-10k-s9all.du
rm -rf /tmp/hbench-fz-10k
python3 $B/peers.py all --corpus $C10 --queries $B/queries.txt --index-root /tmp/hbench-idx-10k-s9 --results $R/peers-s9 \
  --engines tantivy-bigram,tantivy-ngram2,xapian-cjk,sqlite-trigram --timeout 1500 --drop-index 2> $R/peers-10k-s9.log
python3 $B/peers.py table --results $R/peers-s9 > $R/peers-table-s9.md
uptime >> $R/machine-s9.txt
