internal import FazhiCache
internal import Testing

@Suite("CacheKey")
struct CacheKeyTests {
    @Test("accepts lowercase and uppercase hex, stored lowercase")
    func accepts() throws {
        let key = try #require(CacheKey(hex: "ABcdef0123"))
        #expect(key.hex == "abcdef0123")
        #expect(key.directoryName == "ab")
        #expect(key.fileName == "cdef0123")
    }

    @Test(
        "rejects anything that is not a safe hex file name",
        arguments: [
            "", "ab", "abc", "../../etc/passwd", "ab/cd", "abcg", ".tmp-abcd", "ab cd", "ａｂｃｄ",
            String(repeating: "a", count: 130),
        ]
    )
    func rejects(text: String) {
        #expect(CacheKey(hex: text) == nil)
    }

    @Test("digest initializer writes lowercase hex")
    func digest() {
        #expect(CacheKey(digest: [0x00, 0xff, 0x1a, 0xb2]).hex == "00ff1ab2")
    }

    @Test("content key is SHA-256 of length-prefixed content and parser version")
    func contentKey() {
        let key = CacheKey.forContent(Array("<html>report</html>".utf8), parserVersion: "parser-1.0")
        // Computed independently: sha256(struct.pack('>Q', len(c)) + c + pv) in Python.
        #expect(key.hex == "7113888811f9d0b7f08d7340cd0caf8b76dc4edd0b0ef119fcc69917431d6b2c")
    }

    @Test("content and parser version cannot run into each other")
    func unambiguous() {
        let a = CacheKey.forContent(Array("ab".utf8), parserVersion: "c")
        let b = CacheKey.forContent(Array("a".utf8), parserVersion: "bc")
        #expect(a != b)
        #expect(
            CacheKey.forContent([1, 2, 3], parserVersion: "1") != CacheKey.forContent([1, 2, 3], parserVersion: "2")
        )
    }
}
