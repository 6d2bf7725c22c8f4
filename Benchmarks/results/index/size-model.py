import json,collections,sys,math,re
d="/tmp/hidx-corpus-10k"; N=int(sys.argv[1])
recs=[json.loads(l) for l in open(d+"/manifest.jsonl")][:N]
W=re.compile(r"[\u3400-\u9fffA-Za-z0-9]")
pos=collections.defaultdict(list); ent=0; npos=0; nww=0; pos2=collections.defaultdict(list)
for i,r in enumerate(recs):
    t=(r["title"]+"\n"+open(d+"/"+r["file"],encoding="utf-8").read()).lower()
    L=len(t); npos+=L
    occ=collections.defaultdict(list)
    for j in range(L-1): occ[t[j:j+2]].append(j)
    occ[t[-1]+"\0"].append(L-1)
    for k,v in occ.items():
        prev=0
        for p in v: pos[k].append(p-prev); prev=p
        if W.match(k[0]) and len(k)>1 and W.match(k[1]): nww+=len(v)
        ent+=math.lgamma(L+1)-math.lgamma(len(v)+1)-math.lgamma(L-len(v)+1)
        ev=[p//2 for p in v if p%2==0]
        prev=0
        for p in ev: pos2[k].append(p-prev); prev=p
def bp(vals):
    s=0
    for b in range(0,len(vals),128):
        blk=vals[b:b+128]; w=max(v.bit_length() for v in blk)
        s+=1+(len(blk)*w+7)//8
    return s
def rice(vals):
    s=0
    for b in range(0,len(vals),128):
        blk=vals[b:b+128]; m=sum(blk)/len(blk); k=max(0,int(math.log2(max(m,1)*0.69)))
        s+=1+ (sum((v>>k)+1+k for v in blk)+7)//8
    return s
M=1e6*N/10000
print("npos",npos/M,"word-word frac",nww/npos)
print("bigram pos bitpack %.1f rice %.1f entropy %.1f"%(sum(bp(l) for l in pos.values())/M, sum(rice(l) for l in pos.values())/M, ent/math.log(2)/8/M))
print("even-only bigram pos bitpack %.1f rice %.1f"%(sum(bp(l) for l in pos2.values())/M, sum(rice(l) for l in pos2.values())/M))
