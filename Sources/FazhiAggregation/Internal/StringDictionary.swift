/// Dictionary encoding of a string column: code 0 is "unknown" (nil or ""), codes 1... are
/// distinct strings in order of first appearance. Codes are never reused.
struct StringDictionary: Sendable {
    private(set) var strings: [String] = [""]
    private var codes: [String: Int32] = ["": 0]

    var count: Int { self.strings.count }

    /// The code of `value`, adding it when new.
    mutating func encode(_ value: String?) -> Int32 {
        guard let value, !value.isEmpty else { return 0 }
        if let code = self.codes[value] { return code }
        let code = Int32(self.strings.count)
        self.strings.append(value)
        self.codes[value] = code
        return code
    }

    /// The code of `value` if known.
    func code(of value: String) -> Int32? {
        self.codes[value]
    }

    subscript(code: Int32) -> String { self.strings[Int(code)] }

    /// The string of a code, `nil` for code 0.
    func optional(_ code: Int32) -> String? { code == 0 ? nil : self.strings[Int(code)] }
}
