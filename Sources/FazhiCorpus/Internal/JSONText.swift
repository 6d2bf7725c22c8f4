internal import FazhiParsing

/// A minimal JSON writer with fixed key order and escaping.
struct JSONText {
    /// The JSON written so far, as UTF-8 (appending bytes is several times faster than
    /// appending to a String scalar by scalar).
    private(set) var bytes: [UInt8] = []
    private var needsComma = false

    /// The JSON written so far.
    var text: String { String(decoding: self.bytes, as: UTF8.self) }

    init() {
        self.bytes.reserveCapacity(4096)
    }

    mutating func key(_ name: String) {
        if self.needsComma { self.bytes.append(UInt8(ascii: ",")) }
        self.string(name)
        self.bytes.append(UInt8(ascii: ":"))
        self.needsComma = false
    }

    mutating func object(_ body: (inout JSONText) -> Void) {
        if self.needsComma { self.bytes.append(UInt8(ascii: ",")) }
        self.bytes.append(UInt8(ascii: "{"))
        self.needsComma = false
        body(&self)
        self.bytes.append(UInt8(ascii: "}"))
        self.needsComma = true
    }

    mutating func array<T>(_ items: [T], _ element: (inout JSONText, T) -> Void) {
        if self.needsComma { self.bytes.append(UInt8(ascii: ",")) }
        self.bytes.append(UInt8(ascii: "["))
        self.needsComma = false
        for item in items { element(&self, item) }
        self.bytes.append(UInt8(ascii: "]"))
        self.needsComma = true
    }

    mutating func field(_ name: String, _ value: String?) { self.key(name); self.value(value) }
    mutating func field(_ name: String, _ value: Int?) { self.key(name); self.raw(value.map(String.init)) }
    mutating func field(_ name: String, _ value: Double) { self.key(name); self.raw(Self.number(value)) }
    mutating func field(_ name: String, _ value: Bool?) { self.key(name); self.raw(value.map { $0 ? "true" : "false" }) }
    mutating func field(_ name: String, _ value: [String]) { self.key(name); self.value(value) }
    mutating func field(_ name: String, _ value: [Int]) { self.key(name); self.raw("[" + value.map(String.init).joined(separator: ",") + "]") }

    mutating func value(_ value: String?) {
        if self.needsComma { self.bytes.append(UInt8(ascii: ",")) }
        if let value { self.string(value) } else { self.bytes += "null".utf8 }
        self.needsComma = true
    }

    mutating func value(_ values: [String]) {
        self.array(values) { json, item in json.value(item) }
    }

    /// A date as {"date": "YYYY-MM-DD", "raw": "..."} (unknown parts left out) or null.
    mutating func date(_ date: CalendarDate?) {
        guard let date else { self.raw(nil); return }
        self.object {
            $0.field("date", date.description)
            $0.field("raw", date.raw)
        }
    }

    private mutating func raw(_ literal: String?) {
        if self.needsComma { self.bytes.append(UInt8(ascii: ",")) }
        self.bytes += (literal ?? "null").utf8
        self.needsComma = true
    }

    /// Integers without a fraction, others in Swift's shortest round-trip form.
    private static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }

    private mutating func string(_ value: String) {
        self.bytes.append(UInt8(ascii: "\""))
        // Copy runs of bytes that need no escape at once; only `"`, `\` and controls (all
        // ASCII, so never inside a multi-byte sequence) are escaped.
        var value = value
        value.withUTF8 { utf8 in
            var runStart = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                self.bytes += UnsafeBufferPointer(rebasing: utf8[runStart..<index])
                runStart = index + 1
                switch byte {
                case UInt8(ascii: "\""): self.bytes += #"\""#.utf8
                case UInt8(ascii: "\\"): self.bytes += #"\\"#.utf8
                case 0x0A: self.bytes += #"\n"#.utf8
                case 0x0D: self.bytes += #"\r"#.utf8
                case 0x09: self.bytes += #"\t"#.utf8
                default:
                    let hex = String(byte, radix: 16)
                    self.bytes += ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8
                }
            }
            self.bytes += UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count])
        }
        self.bytes.append(UInt8(ascii: "\""))
    }
}
