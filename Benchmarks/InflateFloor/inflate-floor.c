/*
 * The floor under a cache hit: how long zlib alone takes to inflate one cache-entry-sized
 * report (the first 11,000 bytes of FILE, deflated at level 1 as the cache does), 20,000 times,
 * with Z_NO_FLUSH (what Zlib.decompress asks) and with Z_FINISH.
 *
 *   cc -O2 Benchmarks/InflateFloor/inflate-floor.c -o /tmp/inflate-floor -lz
 *   /tmp/inflate-floor ../shared/corpus/seeds/000_080feac8481725d6.txt
 *
 * Written by hand (a dozen lines of zlib calls) because no benchmark tool here times a bare
 * inflate; see BENCHMARKS.md, "After this session's reading fixes".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s FILE\n", argv[0]);
        return 2;
    }
    FILE *file = fopen(argv[1], "rb");
    if (!file) {
        perror(argv[1]);
        return 2;
    }
    static unsigned char input[1 << 20], compressed[1 << 20], output[1 << 20];
    size_t count = fread(input, 1, sizeof input, file);
    fclose(file);
    if (count > 11000) count = 11000;
    uLongf compressedCount = sizeof compressed;
    if (compress2(compressed, &compressedCount, input, count, 1) != Z_OK) return 1;
    for (int mode = 0; mode < 2; mode++) {
        const int rounds = 20000;
        double start = now();
        for (int i = 0; i < rounds; i++) {
            z_stream stream;
            memset(&stream, 0, sizeof stream);
            if (inflateInit2(&stream, 15) != Z_OK) return 1;
            stream.next_in = compressed;
            stream.avail_in = (uInt)compressedCount;
            stream.next_out = output;
            stream.avail_out = (uInt)count;
            int status = inflate(&stream, mode ? Z_FINISH : Z_NO_FLUSH);
            if (status != Z_STREAM_END) {
                unsigned char probe;
                stream.next_out = &probe;
                stream.avail_out = 1;
                status = inflate(&stream, Z_NO_FLUSH);
            }
            inflateEnd(&stream);
            if (status != Z_STREAM_END) return 1;
        }
        printf("%s: %.1f us per inflate of %zu bytes (%lu compressed)\n", mode ? "Z_FINISH" : "Z_NO_FLUSH",
               (now() - start) / rounds * 1e6, count, (unsigned long)compressedCount);
    }
    return 0;
}
