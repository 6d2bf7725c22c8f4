package import Foundation

extension Gazetteer {
    /// Builds a gazetteer from the two tables' bytes (UTF-8 TSV with one header line each).
    ///
    /// - Parameters:
    ///   - table: `gazetteer.tsv`: `level province city county township code alias`.
    ///   - domains: `gazetteer-domains.tsv`: `host code …`; extra columns are ignored.
    /// - Throws: ``LoadError`` on a malformed row, an unknown parent or an unknown code.
    package init(table: Data, domains: Data) throws(LoadError) {
        var builder = TableBuilder()
        try builder.parse(table)
        let divisions = builder.divisions

        var names: [NameKey: IDList] = [:]
        var stems: [NameKey: IDList] = [:]
        var codes: [String: Division.ID] = [:]
        names.reserveCapacity(divisions.count)
        stems.reserveCapacity(divisions.count)
        var finals = ScalarSet()
        for suffix in Gazetteer.typeSuffixes {
            if let last = suffix.text.unicodeScalars.last { finals.insert(last) }
        }
        var maxLength = 0
        for (offset, division) in divisions.enumerated() {
            let id = Division.ID(offset)
            let length = division.name.unicodeScalars.count
            if Gazetteer.isIndexable(division, length: length) {
                names.insert(id, for: division.name)
                maxLength = max(maxLength, length)
                if let last = division.name.unicodeScalars.last { finals.insert(last) }
            }
            let aliasLength = division.alias.unicodeScalars.count
            if aliasLength >= 2 {
                // A stem plus the longest type suffix may be longer than any full name.
                maxLength = max(maxLength, aliasLength + 3)
                stems.insert(id, for: division.alias)
                if division.kind == .province, let last = division.alias.unicodeScalars.last {
                    finals.insert(last)  // province short names match on their own (四川, 内蒙古)
                }
            }
            if division.kind != .township, !division.code.isEmpty, codes[division.code] == nil {
                codes[division.code] = id
            }
        }
        for (former, _) in builder.formerNames {
            maxLength = max(maxLength, former.string.unicodeScalars.count)
            if let last = former.string.unicodeScalars.last { finals.insert(last) }
        }

        var hosts: [String: Division.ID] = [:]
        try Gazetteer.forEachRow(of: domains, columns: 2) { (fields, line) throws(LoadError) in
            guard let id = codes[fields[1]] else {
                throw LoadError(message: "gazetteer-domains.tsv line \(line): unknown code \(fields[1])")
            }
            hosts[fields[0].lowercased()] = id
        }

        self.divisions = divisions
        self.namesIndex = names
        self.formerNamesIndex = builder.formerNames
        self.stemsIndex = stems
        self.spanTable = SpanTable(names: names, formerNames: builder.formerNames, stems: stems)
        self.codesIndex = codes
        self.domainsIndex = hosts
        self.finalScalars = finals
        self.maxNameLength = maxLength
    }

    /// Whether a division's full name is looked up in text. Two-character township names
    /// without a 镇/乡 suffix (社区, 东城, 农场) are ordinary words, so they are left out.
    static func isIndexable(_ division: Division, length: Int) -> Bool {
        guard length >= 2 else { return false }
        if division.kind == .township, length == 2 {
            return division.name.hasSuffix("镇") || division.name.hasSuffix("乡")
        }
        return true
    }

    /// Calls `body` with the fields of every non-empty line after the header of a small table.
    static func forEachRow(
        of data: Data,
        columns: Int,
        _ body: ([String], Int) throws(LoadError) -> Void
    ) throws(LoadError) {
        let text = String(decoding: data, as: UTF8.self)
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().dropFirst() {
            let trimmed = line.hasSuffix("\r") ? line.dropLast() : line
            if trimmed.isEmpty { continue }
            let fields = trimmed.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= columns else {
                throw LoadError(message: "line \(offset + 1): expected \(columns) columns, found \(fields.count)")
            }
            try body(fields, offset + 1)
        }
    }
}

/// Turns `gazetteer.tsv` into the division array, linking each row to its parent.
///
/// Rows arrive sorted so that a township follows its county; the last parent seen is cached
/// and compared byte-wise, so almost no row needs a dictionary lookup or a parent string.
private struct TableBuilder {
    var divisions: [Gazetteer.Division] = []
    var formerNames: [Gazetteer.NameKey: Gazetteer.IDList] = [:]
    /// "province\tcity\tcounty" (empty trailing parts for higher tiers) → division.
    var keys: [Gazetteer.NameKey: Gazetteer.Division.ID] = [:]

    mutating func parse(_ data: Data) throws(Gazetteer.LoadError) {
        self.divisions.reserveCapacity(48_000)
        let result = data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Gazetteer.LoadError? in
            do throws(Gazetteer.LoadError) {
                try self.parse(raw.bindMemory(to: UInt8.self))
                return nil
            } catch {
                return error
            }
        }
        if let result { throw result }
    }

    private mutating func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(Gazetteer.LoadError) {
        let tab: UInt8 = 0x09
        let newline: UInt8 = 0x0A
        var fields = [Range<Int>](repeating: 0..<0, count: 7)
        var cachedParentKey: Range<Int> = 0..<0  // bytes of "province\tcity\tcounty" of the last row
        var cachedParent: Gazetteer.Division.ID? = nil
        var position = 0
        var line = 0

        // Skip the header.
        while position < bytes.count, bytes[position] != newline { position += 1 }
        position += 1
        line += 1

        while position < bytes.count {
            line += 1
            var end = position
            while end < bytes.count, bytes[end] != newline { end += 1 }
            var lineEnd = end
            if lineEnd > position, bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            defer { position = end + 1 }
            if lineEnd == position { continue }

            var count = 0
            var start = position
            for index in position..<lineEnd where bytes[index] == tab {
                guard count < 6 else { break }
                fields[count] = start..<index
                count += 1
                start = index + 1
            }
            guard count == 6 else {
                throw Gazetteer.LoadError(message: "gazetteer.tsv line \(line): expected 7 columns")
            }
            fields[6] = start..<lineEnd

            func string(_ range: Range<Int>) -> String {
                String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
            }
            let level = fields[0].count == 1 ? bytes[fields[0].lowerBound] : 0
            // "province\tcity\tcounty" spans fields 1...3 contiguously.
            let parentKey = fields[1].lowerBound..<fields[3].upperBound

            switch level {
            case UInt8(ascii: "p"):
                try self.add(
                    string(fields[1]),
                    .province,
                    parent: nil,
                    code: string(fields[5]),
                    alias: string(fields[6]),
                    key: string(parentKey),
                    line: line
                )
            case UInt8(ascii: "c"):
                let parent = try self.lookup(string(fields[1]), "", "", line: line)
                try self.add(
                    string(fields[2]),
                    .prefecture,
                    parent: parent,
                    code: string(fields[5]),
                    alias: string(fields[6]),
                    key: string(parentKey),
                    line: line
                )
            case UInt8(ascii: "k"):
                let parent = try self.lookup(string(fields[1]), string(fields[2]), "", line: line)
                try self.add(
                    string(fields[3]),
                    .county,
                    parent: parent,
                    code: string(fields[5]),
                    alias: string(fields[6]),
                    key: string(parentKey),
                    line: line
                )
            case UInt8(ascii: "t"):
                let parent: Gazetteer.Division.ID
                if let cached = cachedParent,
                    bytes[cachedParentKey].elementsEqual(bytes[parentKey])
                {
                    parent = cached
                } else {
                    let county = string(fields[3])
                    parent = try self.lookup(string(fields[1]), string(fields[2]), county, line: line)
                    cachedParent = parent
                    cachedParentKey = parentKey
                }
                self.divisions.append(
                    Gazetteer.Division(
                        name: string(fields[4]),
                        kind: .township,
                        parent: parent,
                        code: string(fields[5]),
                        alias: string(fields[6])
                    )
                )
            case UInt8(ascii: "f"):
                let target = try self.lookup(string(fields[1]), string(fields[2]), string(fields[3]), line: line)
                self.formerNames.insert(target, for: string(fields[6]))
            default:
                throw Gazetteer.LoadError(message: "gazetteer.tsv line \(line): unknown level")
            }
        }
    }

    private mutating func add(
        _ name: String,
        _ kind: Gazetteer.Kind,
        parent: Gazetteer.Division.ID?,
        code: String,
        alias: String,
        key: String,
        line: Int
    ) throws(Gazetteer.LoadError) {
        guard !name.isEmpty else {
            throw Gazetteer.LoadError(message: "gazetteer.tsv line \(line): empty name")
        }
        let id = Gazetteer.Division.ID(self.divisions.count)
        self.divisions.append(Gazetteer.Division(name: name, kind: kind, parent: parent, code: code, alias: alias))
        self.keys[Gazetteer.NameKey(key)] = id
    }

    /// The most specific division named by a non-empty prefix of (province, city, county).
    private func lookup(
        _ province: String,
        _ city: String,
        _ county: String,
        line: Int
    ) throws(Gazetteer.LoadError) -> Gazetteer.Division.ID {
        let key: String
        if !county.isEmpty {
            key = "\(province)\t\(city)\t\(county)"
        } else if !city.isEmpty {
            key = "\(province)\t\(city)\t"
        } else {
            key = "\(province)\t\t"
        }
        guard let id = self.keys[Gazetteer.NameKey(key)] else {
            throw Gazetteer.LoadError(
                message: "gazetteer.tsv line \(line): parent \(key.replacingOccurrences(of: "\t", with: "/")) not found"
            )
        }
        return id
    }
}
