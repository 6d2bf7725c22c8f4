import struct,sys,glob,os
names=["metaOffsets","keys","postingsOffsets","positionsOffsets","storeOffsets","meta","postings","positions","store"]
tot={}
for f in sys.argv[1:]:
    b=open(f,'rb').read(176)
    ver,docs=struct.unpack('<II',b[8:16]); terms=struct.unpack('<Q',b[16:24])[0]
    print(f,ver,docs,terms)
    for i,n in enumerate(names):
        off,ln=struct.unpack('<QQ',b[24+16*i:40+16*i])
        tot[n]=tot.get(n,0)+ln
for n in names: print(n, round(tot[n]/1e6,1))
