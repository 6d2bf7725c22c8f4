#!/usr/bin/env python3
"""Inflate speed of fazhi cache entries with the system zlib, and what other codecs would give.

A cache hit has to inflate its entry; this measures that step outside Swift, on the very entries
the parse benchmark wrote, to check the benchmark's figure. When installed, peers run on the
same reports: zlib-ng (the same zlib streams, SIMD inflate), and LZ4 and Zstandard (level 3),
which recompress the inflated reports, for their size and decompression time. See BENCHMARKS.md
("Where a cache hit's time goes").

    fazhi-parse-benchmark --count 2000 --cache-directory /tmp/fazhi-entries
    python3 scripts/inflate-entries.py /tmp/fazhi-entries
    # optional peers: python3 -m pip install zlib-ng lz4 zstandard

Entry layout (CacheEntryFormat.swift): magic FZC1, UInt16 format, UInt16 N, N bytes of parser
version, UInt64 uncompressed length, UInt64 compressed length, two CRC-32s, then the zlib body.
"""
import os
import struct
import sys
import time
import zlib


def bodies(directory):
    found = []
    for root, _, files in os.walk(directory):
        for name in files:
            with open(os.path.join(root, name), "rb") as f:
                data = f.read()
            if len(data) < 32 or data[:4] != b"FZC1":
                continue
            (version_count,) = struct.unpack(">H", data[6:8])
            (uncompressed,) = struct.unpack(">Q", data[8 + version_count:16 + version_count])
            found.append((data[32 + version_count:], uncompressed))
    return found


def best_mean_us(inflate, entries, rounds=10):
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for body, _ in entries:
            inflate(body)
        best = min(best, (time.perf_counter() - start) / len(entries))
    return best * 1e6


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: inflate-entries.py CACHE_DIRECTORY")
    entries = bodies(sys.argv[1])
    if not entries:
        sys.exit(f"no cache entries under {sys.argv[1]}")
    for body, uncompressed in entries:
        if len(zlib.decompress(body)) != uncompressed:
            sys.exit("an entry does not inflate to its declared length")
    compressed = sum(len(b) for b, _ in entries) / len(entries)
    value = sum(u for _, u in entries) / len(entries)
    print(f"{len(entries)} entries, mean {compressed:.0f} bytes compressed, {value:.0f} inflated")
    system = best_mean_us(zlib.decompress, entries)
    print(f"zlib {zlib.ZLIB_RUNTIME_VERSION} (system): {system:.1f} us per entry, {value / system:.0f} MB/s out")
    try:
        from zlib_ng import zlib_ng
        peer = best_mean_us(zlib_ng.decompress, entries)
        print(f"zlib-ng {zlib_ng.ZLIBNG_VERSION}: {peer:.1f} us per entry, {value / peer:.0f} MB/s out; "
              f"{system / peer:.2f}x the system zlib")
    except ImportError:
        print("zlib-ng: not installed (python3 -m pip install zlib-ng)")
    values = [zlib.decompress(body) for body, _ in entries]
    others = []
    try:
        import lz4.frame
        others.append(("LZ4 frame", lz4.frame.compress, lz4.frame.decompress))
    except ImportError:
        print("lz4: not installed (python3 -m pip install lz4)")
    try:
        import zstandard
        others.append(("Zstandard level 3", zstandard.ZstdCompressor(level=3).compress,
                       zstandard.ZstdDecompressor().decompress))
    except ImportError:
        print("zstandard: not installed (python3 -m pip install zstandard)")
    for name, compress, decompress in others:
        recompressed = [(compress(v), len(v)) for v in values]
        ratio = sum(len(c) for c, _ in recompressed) / sum(len(v) for v in values)
        peer = best_mean_us(decompress, recompressed)
        print(f"{name}: {ratio:.2f} of the report's size (zlib: {compressed / value:.2f}), "
              f"{peer:.1f} us per entry; {system / peer:.2f}x the system zlib")


if __name__ == "__main__":
    main()
