internal import FazhiParsing

/// Parses the query language:
///
/// - whitespace-separated terms are all required; each is matched as a contiguous string;
/// - `"a quoted phrase"` is one string, whitespace included;
/// - `a OR b` needs either (binds tighter than the implicit AND);
/// - `-term`, `-"phrase"`, `-field:value` exclude;
/// - `field:value` filters on metadata: `year:2023`, `year:2020..2023` (either end may be
///   open), `province:浙江`, `city:`, `county:`, `org:` (contains), `level:street` (an
///   `AdministrativeLevel` raw value), `part:B`, `indicator:disputes_mediated`; a value may be
///   quoted. Only an ASCII-letter prefix makes a field, so `发布日期:2023` stays a term.
package enum QueryParser {
    /// The query for `text`, or the first syntax error with its character position.
    package static func parse(_ text: String) throws(QuerySyntaxError) -> Query {
        var parser = Parser(Array(text))
        return try parser.parse()
    }
}

private struct Parser {
    let characters: [Character]
    var index = 0

    init(_ characters: [Character]) {
        self.characters = characters
    }

    private enum Token {
        case unit(Query.Clause, position: Int)
        case or(position: Int)
    }

    mutating func parse() throws(QuerySyntaxError) -> Query {
        var tokens: [Token] = []
        while true {
            self.skipWhitespace()
            guard self.index < self.characters.count else { break }
            let start = self.index
            if self.characters[start] == "O", self.peekWord() == "OR" {
                self.index += 2
                tokens.append(.or(position: start))
                continue
            }
            tokens.append(.unit(try self.unit(), position: start))
        }
        var clauses: [Query.Clause] = []
        var group: [Query.Clause] = []
        var expectOperand = false
        var lastOr = 0
        for (offset, token) in tokens.enumerated() {
            switch token {
            case .or(let position):
                guard !group.isEmpty, !expectOperand, offset + 1 < tokens.count else {
                    throw QuerySyntaxError(.danglingOperator, at: position, "OR needs a term on both sides")
                }
                expectOperand = true
                lastOr = position
            case .unit(let clause, _):
                if expectOperand {
                    group.append(clause)
                    expectOperand = false
                } else {
                    if !group.isEmpty { clauses.append(group.count == 1 ? group[0] : .anyOf(group)) }
                    group = [clause]
                }
            }
        }
        if expectOperand { throw QuerySyntaxError(.danglingOperator, at: lastOr, "OR needs a term on both sides") }
        if !group.isEmpty { clauses.append(group.count == 1 ? group[0] : .anyOf(group)) }
        guard !clauses.isEmpty else { throw QuerySyntaxError(.emptyQuery, at: 0, "the query has no terms") }
        return Query(clauses)
    }

    private mutating func skipWhitespace() {
        while self.index < self.characters.count, self.characters[self.index].isWhitespace { self.index += 1 }
    }

    /// The whitespace-delimited word at the current index, without consuming it.
    private func peekWord() -> String {
        var end = self.index
        while end < self.characters.count, !self.characters[end].isWhitespace { end += 1 }
        return String(self.characters[self.index..<end])
    }

    private mutating func unit() throws(QuerySyntaxError) -> Query.Clause {
        let start = self.index
        if self.characters[start] == "-" {
            self.index += 1
            guard self.index < self.characters.count, !self.characters[self.index].isWhitespace else {
                throw QuerySyntaxError(.emptyTerm, at: start, "'-' must be followed by a term")
            }
            return .exclude(try self.atom())
        }
        return try self.atom()
    }

    private mutating func atom() throws(QuerySyntaxError) -> Query.Clause {
        let start = self.index
        if self.characters[start] == "\"" {
            return .text(try self.phrase())
        }
        var end = start
        while end < self.characters.count, !self.characters[end].isWhitespace, self.characters[end] != "\"" { end += 1 }
        let word = self.characters[start..<end]
        if let colon = word.firstIndex(of: ":"), colon > start,
            word[start..<colon].allSatisfy({ $0.isASCII && $0.isLetter })
        {
            let name = String(word[start..<colon]).lowercased()
            guard let field = FieldFilter.Field(rawValue: name) else {
                let known = FieldFilter.Field.allCases.map(\.rawValue).joined(separator: ", ")
                throw QuerySyntaxError(.unknownField, at: start, "unknown field '\(name)' (known: \(known))")
            }
            self.index = colon + 1
            let valueStart = self.index
            let value: String
            if self.index < self.characters.count, self.characters[self.index] == "\"" {
                value = try self.phrase()
            } else {
                self.index = end
                value = String(self.characters[valueStart..<end])
            }
            return .filter(try Self.filter(field, value, at: valueStart))
        }
        self.index = end
        let text = String(word)
        if FoldedText.fold(text).isEmpty {
            throw QuerySyntaxError(.emptyTerm, at: start, "the term has nothing to match once folded")
        }
        return .text(text)
    }

    /// A quoted phrase starting at the current `"`; returns its content.
    private mutating func phrase() throws(QuerySyntaxError) -> String {
        let start = self.index
        var end = start + 1
        while end < self.characters.count, self.characters[end] != "\"" { end += 1 }
        guard end < self.characters.count else {
            throw QuerySyntaxError(.unbalancedQuote, at: start, "the quote opened here is never closed")
        }
        let content = String(self.characters[(start + 1)..<end])
        self.index = end + 1
        if FoldedText.fold(content).allSatisfy({ $0.isWhitespace }) {
            throw QuerySyntaxError(.emptyTerm, at: start, "the quoted phrase is empty")
        }
        return content
    }

    private static func filter(_ field: FieldFilter.Field, _ value: String, at position: Int) throws(QuerySyntaxError)
        -> FieldFilter
    {
        let trimmed = String(value.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
        guard !trimmed.isEmpty else {
            throw QuerySyntaxError(.badValue, at: position, "field '\(field.rawValue)' needs a value")
        }
        switch field {
        case .year:
            if let dots = trimmed.firstRange(of: "..") {
                let low = trimmed[..<dots.lowerBound]
                let high = trimmed[dots.upperBound...]
                guard low.isEmpty || Int(low) != nil, high.isEmpty || Int(high) != nil, !(low.isEmpty && high.isEmpty) else {
                    throw QuerySyntaxError(.badRange, at: position, "a year range is FROM..TO with whole numbers")
                }
                let lower = Int(low) ?? Int.min
                let upper = Int(high) ?? Int.max
                guard lower <= upper else {
                    throw QuerySyntaxError(.badRange, at: position, "the range starts after it ends (\(trimmed))")
                }
                return FieldFilter(.year, .range(lower...upper))
            }
            guard let year = Int(trimmed) else {
                throw QuerySyntaxError(.badValue, at: position, "year must be a whole number or a range FROM..TO")
            }
            return FieldFilter(.year, .range(year...year))
        case .level:
            let level = trimmed.lowercased()
            guard AdministrativeLevel(rawValue: level) != nil else {
                let known = AdministrativeLevel.allCases.map(\.rawValue).joined(separator: ", ")
                throw QuerySyntaxError(.badValue, at: position, "unknown level '\(trimmed)' (known: \(known))")
            }
            return FieldFilter(.level, .value(level))
        case .part:
            let part = trimmed.uppercased()
            guard ["A", "B", "C", "D", "E"].contains(part) else {
                throw QuerySyntaxError(.badValue, at: position, "part is one of A, B, C, D, E")
            }
            return FieldFilter(.part, .value(part))
        default:
            return FieldFilter(field, .value(trimmed))
        }
    }
}

