internal import FazhiCache
internal import Foundation
internal import Testing

/// A fresh directory under the system temporary directory, removed when the test ends.
struct TemporaryDirectory: ~Copyable {
    let path: String

    init() throws {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("fazhi-cache-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        self.path = url.path
    }

    deinit {
        try? FileManager.default.removeItem(atPath: self.path)
    }

    /// A store configuration rooted in this directory (in a `cache` subdirectory the store creates).
    func configuration(
        maxBytes: Int = 1 << 30,
        maxEntryBytes: Int = 64 << 20,
        level: Zlib.CompressionLevel = .default
    ) -> CacheStore.Configuration {
        var configuration = CacheStore.Configuration.defaults
        configuration.directory = self.path + "/cache"
        configuration.maxBytes = maxBytes
        configuration.maxEntryBytes = maxEntryBytes
        configuration.compressionLevel = level
        return configuration
    }
}

/// Deterministic pseudo-random bytes (a 64-bit LCG), incompressible enough for size tests.
func pseudoRandomBytes(count: Int, seed: UInt64) -> [UInt8] {
    var state = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return (0..<count).map { _ in
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return UInt8(truncatingIfNeeded: state >> 33)
    }
}

/// A key derived from a small number, for tests that need many distinct keys.
func testKey(_ number: Int) -> CacheKey {
    CacheKey.forContent(Array("document-\(number)".utf8), parserVersion: "test")
}

func readFile(_ path: String) throws -> [UInt8] {
    try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
}

func writeFile(_ path: String, _ bytes: [UInt8]) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}

func fileExists(_ path: String) -> Bool {
    FileManager.default.fileExists(atPath: path)
}

/// Every regular file under `root`, relative paths and sizes.
func filesOnDisk(under root: String) throws -> [String: Int] {
    var files: [String: Int] = [:]
    let enumerator = try #require(FileManager.default.enumerator(atPath: root))
    while let relative = enumerator.nextObject() as? String {
        let attributes = try FileManager.default.attributesOfItem(atPath: root + "/" + relative)
        if attributes[.type] as? FileAttributeType == .typeRegular {
            files[relative] = (attributes[.size] as? NSNumber)?.intValue ?? -1
        }
    }
    return files
}

enum FileManagerHelper {
    static func remove(_ path: String) throws {
        try FileManager.default.removeItem(atPath: path)
    }

    /// Sets a file's modification time to `seconds` before now.
    static func age(_ path: String, bySeconds seconds: TimeInterval) throws {
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSinceNow: -seconds)],
            ofItemAtPath: path
        )
    }
}

enum FileSystemTestHelper {
    static func makeDirectory(_ path: String) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
}
