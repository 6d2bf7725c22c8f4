#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

internal import FazhiCorpus

/// Helpers shared by the FazhiParsing tests.
enum TestSupport {
    /// Encodes `text` into `encoding` with iconv, so that tests can produce GB18030 or Big5 bytes.
    static func encode(_ text: String, as encoding: String) -> [UInt8]? {
        guard let descriptor = iconv_open(encoding, "UTF-8"), Int(bitPattern: descriptor) != -1 else { return nil }
        defer { iconv_close(descriptor) }
        var input = Array(text.utf8)
        var output = [UInt8](repeating: 0, count: input.count * 2 + 16)
        let written: Int? = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuffer.baseAddress!)
                    .assumingMemoryBound(to: CChar.self)
                var inLeft = inBuffer.count
                var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuffer.baseAddress!)
                    .assumingMemoryBound(to: CChar.self)
                var outLeft = outBuffer.count
                let result = iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
                return result == -1 ? nil : outBuffer.count - outLeft
            }
        }
        return written.map { Array(output[..<$0]) }
    }

    /// The seed reports directory (`../shared/corpus/seeds` beside the package root), if present.
    static func seedDirectory(filePath: String = #filePath) -> String? {
        // #filePath is <root>/Tests/FazhiParsingTests/TestSupport.swift.
        var components = filePath.split(separator: "/", omittingEmptySubsequences: false)
        components.removeLast(3)
        let root = components.joined(separator: "/")
        let directory = root + "/../shared/corpus/seeds"
        return isDirectory(directory) ? directory : nil
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// The `.txt` files in `directory`, sorted by name.
    static func textFiles(in directory: String) -> [String] {
        guard let handle = opendir(directory) else { return [] }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name.hasSuffix(".txt") { names.append(directory + "/" + name) }
        }
        return names.sorted()
    }

    /// The bytes of the file at `path`, or `nil` if it cannot be read.
    static func readFile(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count <= 0 { break }
            bytes.append(contentsOf: buffer[..<count])
        }
        return bytes
    }

    /// A small deterministic generator, so that fuzz and property tests are reproducible.
    typealias SplitMix64 = FazhiCorpus.SplitMix64

    /// Monotonic time in seconds, for the rough throughput measurement.
    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}
