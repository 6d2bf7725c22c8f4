/// Decoding of bytes that are known to be valid UTF-8 (a Swift `String`'s storage).
enum ValidUTF8 {
    /// The scalar starting at `position` of valid UTF-8 `bytes`, and its length in bytes.
    ///
    /// Written out by hand because these loops run over every byte of a report, and the
    /// standard library's decoder validates what a Swift string already guarantees.
    @inline(__always)
    static func decodeScalar(_ bytes: UnsafeBufferPointer<UInt8>, at position: Int) -> (value: UInt32, length: Int) {
        let lead = bytes[position]
        if lead < 0x80 {
            return (UInt32(lead), 1)
        } else if lead < 0xE0 {
            return (UInt32(lead & 0x1F) << 6 | UInt32(bytes[position + 1] & 0x3F), 2)
        } else if lead < 0xF0 {
            return (
                UInt32(lead & 0x0F) << 12 | UInt32(bytes[position + 1] & 0x3F) << 6 | UInt32(bytes[position + 2] & 0x3F),
                3
            )
        }
        return (
            UInt32(lead & 0x07) << 18 | UInt32(bytes[position + 1] & 0x3F) << 12
                | UInt32(bytes[position + 2] & 0x3F) << 6 | UInt32(bytes[position + 3] & 0x3F),
            4
        )
    }
}
