internal import FazhiCache
internal import Testing

/// API misuse traps (STYLE: traps are for programmer errors only); exit tests prove it.
@Suite("Preconditions")
struct PreconditionTests {
    @Test("a compression level outside 0...9 traps")
    func compressionLevelOutOfRange() async {
        await #expect(processExitsWith: .failure) {
            _ = Zlib.CompressionLevel(10)
        }
    }

    @Test("a parser version longer than 1024 UTF-8 bytes traps")
    func parserVersionTooLong() async {
        await #expect(processExitsWith: .failure) {
            _ = CacheEntryFormat.encode(value: [1], parserVersion: String(repeating: "版", count: 400), level: .default)
        }
    }

    @Test("a negative decompression limit traps")
    func negativeLimit() async {
        await #expect(processExitsWith: .failure) {
            _ = try? Zlib.decompress([UInt8](), limit: -1)
        }
    }
}
