#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Decodes GB18030 bytes with iconv (the test's own decoder, independent of the generator's).
func iconvToUTF8(_ bytes: [UInt8]) -> String {
    guard let descriptor = iconv_open("UTF-8", "GB18030"), Int(bitPattern: descriptor) != -1 else { return "" }
    defer { iconv_close(descriptor) }
    var input = bytes
    var output = [UInt8](repeating: 0, count: bytes.count * 2 + 16)
    let written = input.withUnsafeMutableBufferPointer { inBuffer in
        output.withUnsafeMutableBufferPointer { outBuffer in
            var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuffer.baseAddress!).assumingMemoryBound(to: CChar.self)
            var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuffer.baseAddress!).assumingMemoryBound(to: CChar.self)
            var inLeft = inBuffer.count
            var outLeft = outBuffer.count
            _ = iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
            return outBuffer.count - outLeft
        }
    }
    return String(decoding: output[..<written], as: UTF8.self)
}
