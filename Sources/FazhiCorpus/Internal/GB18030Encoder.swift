#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Converts UTF-8 text to GB18030 with the C library's iconv.
enum GB18030Encoder {
    /// The GB18030 bytes of `text`; every Unicode scalar has a GB18030 form, so conversion
    /// cannot fail unless iconv lacks the encoding, which is a packaging error.
    static func encode(_ text: String) -> [UInt8] {
        guard let descriptor = iconv_open("GB18030", "UTF-8"), Int(bitPattern: descriptor) != -1 else {
            fatalError("Invalid state: iconv has no GB18030 converter")
        }
        defer { iconv_close(descriptor) }
        var input = Array(text.utf8)
        var output = [UInt8](repeating: 0, count: input.count + 16)
        var written = 0
        input.withUnsafeMutableBufferPointer { inputBuffer in
            guard let base = inputBuffer.baseAddress else { return }
            var inputPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(base).assumingMemoryBound(to: CChar.self)
            var inputLeft = inputBuffer.count
            while inputLeft > 0 {
                var failure: Int32 = 0
                output.withUnsafeMutableBufferPointer { buffer in
                    // '!' is fine: the buffer is never empty.
                    var outputPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(buffer.baseAddress! + written).assumingMemoryBound(to: CChar.self)
                    var outputLeft = buffer.count - written
                    let result = iconv(descriptor, &inputPointer, &inputLeft, &outputPointer, &outputLeft)
                    written = buffer.count - outputLeft
                    failure = result == -1 ? errno : 0
                }
                if failure == 0 { break }
                if failure == E2BIG {
                    output.append(contentsOf: repeatElement(0, count: output.count / 2 + 64))
                    continue
                }
                fatalError("Invalid state: iconv failed to encode UTF-8 as GB18030 (errno \(failure))")
            }
        }
        return Array(output[..<written])
    }
}
