internal import FazhiCache
internal import FazhiStorage
internal import Testing

@Suite("Zlib")
struct ZlibTests {
    static let inputs: [(name: String, bytes: [UInt8])] = [
        ("empty", []),
        ("one byte", [42]),
        ("text", Array(String(repeating: "法治政府建设年度报告。", count: 200).utf8)),
        ("pseudo-random 100 kB", pseudoRandomBytes(count: 100_000, seed: 1)),
        ("zeros 300 kB", [UInt8](repeating: 0, count: 300_000)),
    ]

    @Test("compress then decompress returns the input", arguments: ZlibTests.inputs.indices, [0, 1, 6, 9])
    func roundTrip(inputIndex: Int, level: Int) throws {
        let input = Self.inputs[inputIndex].bytes
        let compressed = Zlib.compress(input, level: .init(level))
        let output = try Zlib.decompress(compressed, limit: input.count)
        #expect(output == input, "\(Self.inputs[inputIndex].name) at level \(level)")
    }

    @Test("output is a zlib stream: deflate header with a window sized to the input, Adler-32 trailer")
    func zlibFormat() throws {
        for (input, window) in [(Array("rule of law".utf8), 9), (Array(repeating: 0x61, count: 10_000), 14), (Array(repeating: 0x62, count: 100_000), 15)] {
            let compressed = Zlib.compress(input)
            let (cmf, flg) = (compressed[0], compressed[1])
            #expect(cmf & 0x0F == 8)  // deflate
            #expect(Int(cmf >> 4) + 8 == window)  // log2 of the window
            #expect((Int(cmf) << 8 | Int(flg)) % 31 == 0)  // the header check
            let trailer = compressed.suffix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            #expect(trailer == Zlib.adler32(input))
            #expect(try Zlib.decompress(compressed, limit: input.count) == input)
        }
    }

    @Test("every level fits its bound at sizes around the window steps, tiny stored inputs included")
    func boundsAtWindowSteps() throws {
        let random = pseudoRandomBytes(count: 70_000, seed: 9)
        for count in [0, 1, 2, 511, 512, 513, 16_383, 16_384, 16_385, 32_768, 32_769, 70_000] {
            let input = Array(random.prefix(count))
            for level in 0...9 {
                let compressed = Zlib.compress(input, level: Zlib.CompressionLevel(level))
                #expect(compressed.count <= Zlib.compressedSizeBound(forInputCount: count), "\(count) bytes at level \(level)")
                #expect(try Zlib.decompress(compressed, limit: count) == input)
            }
        }
    }

    @Test("non-contiguous collections compress like arrays")
    func nonContiguousInput() throws {
        let lazyBytes = (0..<5000).lazy.map { UInt8(truncatingIfNeeded: $0 % 7) }
        let compressed = Zlib.compress(lazyBytes)
        #expect(compressed == Zlib.compress(Array(lazyBytes)))
        #expect(try Zlib.decompress(compressed[...], limit: 5000) == Array(lazyBytes))
        #expect(Checksum.crc32(lazyBytes) == Checksum.crc32(Array(lazyBytes)))
    }

    @Test("decompress succeeds at exactly the limit and fails one byte below it")
    func limitIsExact() throws {
        let input = pseudoRandomBytes(count: 10_000, seed: 2)
        let compressed = Zlib.compress(input)
        #expect(try Zlib.decompress(compressed, limit: input.count) == input)
        #expect(try Zlib.decompress(compressed, limit: input.count + 1000) == input)
        let error = #expect(throws: CacheError.self) {
            try Zlib.decompress(compressed, limit: input.count - 1)
        }
        #expect(error?.code == .outputLimitExceeded)
        let zeroLimit = #expect(throws: CacheError.self) { try Zlib.decompress(compressed, limit: 0) }
        #expect(zeroLimit?.code == .outputLimitExceeded)
    }

    @Test("a 10 MB bomb of zeros is refused under a 1 MB limit")
    func bombIsRefused() throws {
        let bomb = Zlib.compress([UInt8](repeating: 0, count: 10_000_000), level: .best)
        // The point of a bomb: tiny input, huge output.
        #expect(bomb.count < 20_000)
        let error = #expect(throws: CacheError.self) {
            try Zlib.decompress(bomb, limit: 1_000_000)
        }
        #expect(error?.code == .outputLimitExceeded)
        // Even when the caller claims the whole thing is expected, the limit wins.
        let hinted = #expect(throws: CacheError.self) {
            try Zlib.decompress(bomb, limit: 1_000_000, expectedCount: 10_000_000)
        }
        #expect(hinted?.code == .outputLimitExceeded)
    }

    @Test("truncated input is truncatedData")
    func truncated() throws {
        let compressed = Zlib.compress(pseudoRandomBytes(count: 5000, seed: 3))
        for keep in [0, 1, 2, 10, compressed.count / 2, compressed.count - 1] {
            let error = #expect(throws: CacheError.self) {
                try Zlib.decompress(compressed.prefix(keep), limit: 1 << 20)
            }
            #expect(error?.code == .truncatedData, "kept \(keep) of \(compressed.count) bytes")
        }
    }

    @Test("garbage, flipped bits and trailing bytes are corruptData")
    func corrupt() throws {
        let input = Array(String(repeating: "调解矛盾纠纷120件", count: 100).utf8)
        let compressed = Zlib.compress(input)

        let garbage = #expect(throws: CacheError.self) { try Zlib.decompress([1, 2, 3, 4, 5], limit: 100) }
        #expect(garbage?.code == .corruptData)

        var flippedTrailer = compressed
        flippedTrailer[flippedTrailer.count - 1] ^= 0x01
        let checksum = #expect(throws: CacheError.self) { try Zlib.decompress(flippedTrailer, limit: 1 << 20) }
        #expect(checksum?.code == .corruptData)

        let trailing = #expect(throws: CacheError.self) {
            try Zlib.decompress(compressed + [0], limit: 1 << 20)
        }
        #expect(trailing?.code == .corruptData)
    }

    @Test("CRC-32 and Adler-32 match the standard check values and can be continued")
    func checksums() {
        let check = Array("123456789".utf8)
        #expect(Checksum.crc32(check) == 0xCBF4_3926)
        #expect(Checksum.crc32([UInt8]()) == 0)
        #expect(Checksum.crc32(check.suffix(5), continuing: Checksum.crc32(check.prefix(4))) == 0xCBF4_3926)
        #expect(Zlib.adler32(Array("Wikipedia".utf8)) == 0x11E6_0398)
        #expect(Zlib.adler32(check.suffix(5), continuing: Zlib.adler32(check.prefix(4))) == Zlib.adler32(check))
    }

    @Test("compression level descriptions and bounds")
    func levels() {
        #expect(Zlib.CompressionLevel.default.description == "default")
        #expect(Zlib.CompressionLevel.best == Zlib.CompressionLevel(9))
        let input = pseudoRandomBytes(count: 70_000, seed: 4)
        #expect(Zlib.compress(input, level: .none).count <= Zlib.compressedSizeBound(forInputCount: input.count))
    }
}
