internal import FazhiParsing

/// A minimal JSON writer with fixed key order and escaping.
struct JSONText {
    private(set) var text = ""
    private var needsComma = false

    mutating func key(_ name: String) {
        if self.needsComma { self.text += "," }
        self.string(name)
        self.text += ":"
        self.needsComma = false
    }

    mutating func object(_ body: (inout JSONText) -> Void) {
        if self.needsComma { self.text += "," }
        self.text += "{"
        self.needsComma = false
        body(&self)
        self.text += "}"
        self.needsComma = true
    }

    mutating func array<T>(_ items: [T], _ element: (inout JSONText, T) -> Void) {
        if self.needsComma { self.text += "," }
        self.text += "["
        self.needsComma = false
        for item in items { element(&self, item) }
        self.text += "]"
        self.needsComma = true
    }

    mutating func field(_ name: String, _ value: String?) { self.key(name); self.value(value) }
    mutating func field(_ name: String, _ value: Int?) { self.key(name); self.raw(value.map(String.init)) }
    mutating func field(_ name: String, _ value: Double) { self.key(name); self.raw(Self.number(value)) }
    mutating func field(_ name: String, _ value: Bool?) { self.key(name); self.raw(value.map { $0 ? "true" : "false" }) }
    mutating func field(_ name: String, _ value: [String]) { self.key(name); self.value(value) }
    mutating func field(_ name: String, _ value: [Int]) { self.key(name); self.raw("[" + value.map(String.init).joined(separator: ",") + "]") }

    mutating func value(_ value: String?) {
        if self.needsComma { self.text += "," }
        if let value { self.string(value) } else { self.text += "null" }
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
        if self.needsComma { self.text += "," }
        self.text += literal ?? "null"
        self.needsComma = true
    }

    /// Integers without a fraction, others in Swift's shortest round-trip form.
    private static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }

    private mutating func string(_ value: String) {
        self.text += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": self.text += "\\\""
            case "\\": self.text += "\\\\"
            case "\n": self.text += "\\n"
            case "\r": self.text += "\\r"
            case "\t": self.text += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16); self.text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                self.text.unicodeScalars.append(scalar)
            }
        }
        self.text += "\""
    }
}
