// Micro-benchmark behind CZlib's sized deflate parameters: compresses the given files at level 1
// with (0) windowBits 15 / memLevel 8, (1) a window fitted to each input, (2) fitted + memLevel 7,
// (3) fitted + memLevel 6, (4) one stream reused with deflateReset. Build: gcc -O2 zlib-window-sizing.c -lz
// Run: ./a.out $(ls CORPUS/d00*/* | head -600)   (results in BENCHMARKS.md, end-to-end section)
#include <zlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
int main(int argc,char**argv){
  int n=argc-1; unsigned char**bufs=malloc(n*sizeof(void*)); size_t*lens=malloc(n*sizeof(size_t)); size_t tot=0;
  for(int i=0;i<n;i++){FILE*f=fopen(argv[i+1],"rb");fseek(f,0,SEEK_END);lens[i]=ftell(f);fseek(f,0,SEEK_SET);bufs[i]=malloc(lens[i]);fread(bufs[i],1,lens[i],f);fclose(f);tot+=lens[i];}
  unsigned char*out=malloc(1<<20);
  for(int rep=0;rep<4;rep++) for(int mode=0;mode<5;mode++){ z_stream*keep=0;
    double t=now(); size_t o=0;
    for(int i=0;i<n;i++){
      int wb=15, ml=8;
      if(mode>=1){ wb=9; while(wb<15 && (1u<<wb) < lens[i]) wb++; }
      if(mode==2){ ml = 7; }
      if(mode==3){ ml = 6; }
      if(mode==4){ wb=15; ml=8; if(!keep){keep=calloc(1,sizeof(z_stream)); deflateInit2(keep,1,Z_DEFLATED,wb,ml,Z_DEFAULT_STRATEGY);} else deflateReset(keep);
        keep->next_in=bufs[i]; keep->avail_in=lens[i]; keep->next_out=out; keep->avail_out=1<<20; deflate(keep,Z_FINISH); o+=keep->total_out; continue; }
      z_stream*s=calloc(1,sizeof(z_stream));
      deflateInit2(s,1,Z_DEFLATED,wb,ml,Z_DEFAULT_STRATEGY);
      s->next_in=bufs[i]; s->avail_in=lens[i]; s->next_out=out; s->avail_out=1<<20;
      deflate(s,Z_FINISH); o+=s->total_out; deflateEnd(s); free(s);
    }
    double dt=now()-t;
    printf("mode %d: %.1f us/doc ratio %.4f\n",mode,dt/n*1e6,(double)o/tot);
  }
}
