#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <unistd.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
static double cpu(void){struct rusage r;getrusage(RUSAGE_SELF,&r);return r.ru_utime.tv_sec+r.ru_stime.tv_sec+(r.ru_utime.tv_usec+r.ru_stime.tv_usec)/1e6;}
static double now(void){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec/1e9;}
int main(int argc,char**argv){
  int mode=atoi(argv[1]); int n=atoi(argv[2]); const char*dir=argv[3]; int batch=64;
  char buf[10000]; memset(buf,'x',sizeof buf);
  char p[512],q[512]; int fds[64];
  double c0=cpu(),w0=now();
  for(int i=0;i<n;i+=batch){
    for(int j=0;j<batch;j++){
      snprintf(p,sizeof p,"%s/t%d-%d.tmp",dir,mode,i+j);
      int fd=open(p,O_WRONLY|O_CREAT|O_TRUNC,0644); write(fd,buf,sizeof buf);
      if(mode==0){fsync(fd);close(fd);snprintf(q,sizeof q,"%s/e%d-%d",dir,mode,i+j);rename(p,q);}
      else fds[j]=fd;
    }
    if(mode==1){ syncfs(fds[0]); }
    for(int j=0;j<batch && mode!=0;j++){
      if(mode==2) fdatasync(fds[j]);
      if(mode==3) sync_file_range(fds[j],0,0,SYNC_FILE_RANGE_WRITE);
    }
    if(mode==3) for(int j=0;j<batch;j++) fsync(fds[j]);
    for(int j=0;j<batch && mode!=0;j++){close(fds[j]);snprintf(p,sizeof p,"%s/t%d-%d.tmp",dir,mode,i+j);snprintf(q,sizeof q,"%s/e%d-%d",dir,mode,i+j);rename(p,q);}
  }
  printf("mode %d: %d files, cpu %.1f us/file, wall %.1f us/file\n",mode,n,(cpu()-c0)/n*1e6,(now()-w0)/n*1e6);
}
