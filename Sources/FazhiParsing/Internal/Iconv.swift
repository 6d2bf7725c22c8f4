#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#elseif canImport(Darwin)
internal import Darwin
#endif

/// The outcome of converting bytes to UTF-8 with iconv.
struct IconvDecoding {
    /// The decoded text.
    var text: String
    /// How many invalid or truncated sequences were replaced with U+FFFD.
    var replacedSequenceCount: Int
}

/// Converts `input` from the iconv encoding `encodingName` to a Swift string.
///
/// Invalid (`EILSEQ`) and truncated (`EINVAL`) sequences are replaced by U+FFFD one byte at a
/// time; the conversion gives up and returns `nil` as soon as more than `maximumReplacements`
/// replacements were needed, or when iconv does not know the encoding. Every loop iteration
/// either consumes input or grows the output buffer, so the function always terminates.
func iconvDecode(
    _ input: UnsafeBufferPointer<UInt8>,
    encodingName: String,
    maximumReplacements: Int
) -> IconvDecoding? {
    guard let descriptor = iconv_open("UTF-8", encodingName), Int(bitPattern: descriptor) != -1 else {
        return nil
    }
    defer { iconv_close(descriptor) }
    guard let inputBase = input.baseAddress, !input.isEmpty else {
        return IconvDecoding(text: "", replacedSequenceCount: 0)
    }

    // Two-byte GB18030 characters become three UTF-8 bytes, the worst common expansion; the
    // E2BIG branch below covers anything larger.
    var output = [UInt8](repeating: 0, count: input.count + input.count / 2 + 16)
    var written = 0
    var inputPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(mutating: inputBase)
        .assumingMemoryBound(to: CChar.self)
    var inputLeft = input.count
    var replaced = 0

    while inputLeft > 0 {
        var failure: Int32 = 0
        output.withUnsafeMutableBufferPointer { buffer in
            // '!' is fine: the buffer is never empty (its initial count is at least 16).
            var outputPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(buffer.baseAddress! + written)
                .assumingMemoryBound(to: CChar.self)
            var outputLeft = buffer.count - written
            let result = iconv(descriptor, &inputPointer, &inputLeft, &outputPointer, &outputLeft)
            written = buffer.count - outputLeft
            failure = result == -1 ? errno : 0
        }
        if failure == 0 { break }
        if failure == E2BIG {
            output.append(contentsOf: repeatElement(0, count: max(output.count / 2, 64)))
            continue
        }
        // EILSEQ, EINVAL or anything unexpected: replace one byte and resynchronise.
        replaced += 1
        if replaced > maximumReplacements { return nil }
        inputPointer = inputPointer.map { $0 + 1 }
        inputLeft -= 1
        if output.count - written < 3 {
            output.append(contentsOf: repeatElement(0, count: 64))
        }
        output[written] = 0xEF
        output[written + 1] = 0xBF
        output[written + 2] = 0xBD
        written += 3
        // Resets any shift state after the bad byte.
        _ = iconv(descriptor, nil, nil, nil, nil)
    }
    let text = String(decoding: output[..<written], as: UTF8.self)
    return IconvDecoding(text: text, replacedSequenceCount: replaced)
}
