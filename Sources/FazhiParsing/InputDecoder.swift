/// Turns raw scraped bytes into text: detects the encoding, strips byte-order marks and rejects
/// input that is not text.
///
/// Detection order: a byte-order mark wins; otherwise the declared charset (the content type's
/// `charset=` parameter, else an HTML `<meta>` declaration) is tried first but not trusted,
/// followed by UTF-8 and GB18030. Strictly valid UTF-8 is accepted at once unless a different
/// charset was declared; otherwise every candidate is decoded and the most plausible one (see
/// ``DecodedText/plausibility``) wins, earlier candidates winning ties.
///
/// Every step is linear in the input size, and the decoder never traps on any input.
package struct InputDecoder: Sendable {
    /// Limits and thresholds for ``InputDecoder``.
    package struct Configuration: Sendable, Hashable {
        /// Inputs with more bytes than this are rejected with ``ParseError/Code/tooLarge``.
        package var maximumInputBytes: Int
        /// How many invalid byte sequences one decoding may replace with U+FFFD before that
        /// candidate encoding is given up.
        package var maximumReplacedSequences: Int
        /// The lowest plausibility at which a decoding that is not strictly valid UTF-8 (a
        /// GB18030 or Big5 decoding, or UTF-8 with replacements) is accepted.
        package var minimumPlausibility: Double

        /// Creates a configuration.
        ///
        /// - Parameters:
        ///   - maximumInputBytes: the size limit in bytes; defaults to 16 MiB.
        ///   - maximumReplacedSequences: tolerated invalid sequences per decoding; defaults to 16.
        ///   - minimumPlausibility: the acceptance threshold in `0...1`; defaults to 0.6.
        package init(
            maximumInputBytes: Int = 16 << 20,
            maximumReplacedSequences: Int = 16,
            minimumPlausibility: Double = 0.6
        ) {
            self.maximumInputBytes = maximumInputBytes
            self.maximumReplacedSequences = maximumReplacedSequences
            self.minimumPlausibility = minimumPlausibility
        }

        /// 16 MiB limit, 16 replaced sequences, plausibility 0.6.
        package static var defaults: Configuration { Configuration() }
    }

    /// The limits in force.
    package var configuration: Configuration

    /// Creates a decoder.
    package init(configuration: Configuration = .defaults) {
        self.configuration = configuration
    }

    /// Decodes `bytes` into text.
    ///
    /// - Parameters:
    ///   - bytes: the raw input.
    ///   - contentType: an optional `Content-Type` value such as `text/html; charset=gb2312`.
    ///   - sourceURL: the optional address the bytes came from; only its extension is used, as
    ///     a weak hint that the input is HTML.
    /// - Throws: ``ParseError`` with code `emptyInput`, `binaryInput`, `undecodable` or `tooLarge`.
    package func decode(
        _ bytes: [UInt8],
        contentType: String? = nil,
        sourceURL: String? = nil
    ) throws(ParseError) -> DecodedText {
        if bytes.isEmpty {
            throw ParseError(code: .emptyInput, message: "input is empty (0 bytes)")
        }
        if bytes.count > self.configuration.maximumInputBytes {
            throw ParseError(
                code: .tooLarge,
                message: "input is \(bytes.count) bytes; the limit is \(self.configuration.maximumInputBytes) bytes"
            )
        }
        let result: Result<DecodedText, ParseError> = bytes.withUnsafeBufferPointer { buffer in
            do throws(ParseError) {
                return .success(try self.decode(buffer, contentType: contentType, sourceURL: sourceURL))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private func decode(
        _ bytes: UnsafeBufferPointer<UInt8>,
        contentType: String?,
        sourceURL: String?
    ) throws(ParseError) -> DecodedText {
        let declaredByType = contentType.flatMap(ByteSniffing.charsetParameter).flatMap { TextEncoding(label: $0) }
        let typeSaysHTML = contentType.map { $0.lowercased().contains("html") } ?? false

        // A byte-order mark is unambiguous and overrides any declaration.
        if bytes.count >= 2 && (bytes[0] == 0xFF && bytes[1] == 0xFE || bytes[0] == 0xFE && bytes[1] == 0xFF) {
            let encoding: TextEncoding = bytes[0] == 0xFF ? .utf16LittleEndian : .utf16BigEndian
            let (text, replaced) = Self.decodeUTF16(
                UnsafeBufferPointer(rebasing: bytes[2...]),
                bigEndian: encoding == .utf16BigEndian
            )
            return try self.finish(
                utf8: Array(text.utf8),
                encoding: encoding,
                declared: declaredByType,
                replaced: replaced,
                isHTML: typeSaysHTML || Self.looksLikeHTML(text),
                strict: replaced == 0
            )
        }
        var body = bytes
        var hadUTF8BOM = false
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF {
            body = UnsafeBufferPointer(rebasing: bytes[3...])
            hadUTF8BOM = true
        }

        if let signature = ByteSniffing.binarySignature(body) {
            throw ParseError(code: .binaryInput, message: "input looks like \(signature), not text")
        }
        try Self.checkControlBytes(body)

        let urlHint = sourceURL.map(ByteSniffing.urlSuggestsHTML) ?? false
        let isHTML = typeSaysHTML || ByteSniffing.looksLikeHTML(body, hintedByURL: urlHint)
        var declared = declaredByType
        if declared == nil && isHTML {
            declared = ByteSniffing.metaCharset(body).flatMap { TextEncoding(label: $0) }
        }

        // Fast path: strictly valid UTF-8 with nothing (or UTF-8) declared, or with a BOM. The
        // bytes go on as they are: no String is made of them (the analysis reads bytes).
        let isStrictUTF8 = ValidUTF8.isValid(body)
        if isStrictUTF8, hadUTF8BOM || declared == nil || declared == .utf8 {
            return try self.finish(
                utf8: Array(body),
                encoding: .utf8,
                declared: declared,
                replaced: 0,
                isHTML: isHTML,
                strict: true
            )
        }

        var candidates: [TextEncoding] = []
        for encoding in [declared, .utf8, .gb18030] {
            if let encoding, encoding != .utf16LittleEndian, encoding != .utf16BigEndian,
                !candidates.contains(encoding)
            {
                candidates.append(encoding)
            }
        }
        var best: (text: String, encoding: TextEncoding, replaced: Int, score: Double)?
        var attempts: [String] = []
        for encoding in candidates {
            let decoded: (text: String, replaced: Int)?
            if encoding == .utf8 {
                decoded = isStrictUTF8 ? (String(decoding: body, as: UTF8.self), 0) : self.decodeUTF8Leniently(body)
            } else if let name = encoding.iconvName {
                decoded = iconvDecode(
                    body,
                    encodingName: name,
                    maximumReplacements: self.configuration.maximumReplacedSequences
                ).map { ($0.text, $0.replacedSequenceCount) }
            } else {
                decoded = nil
            }
            guard let decoded else {
                attempts.append(
                    "\(encoding.name): more than \(self.configuration.maximumReplacedSequences) invalid sequences"
                )
                continue
            }
            let score = Plausibility.score(decoded.text)
            attempts.append("\(encoding.name): plausibility \(Self.format(score))")
            if best == nil || score > best!.score {  // '!' is fine: checked on the left.
                best = (decoded.text, encoding, decoded.replaced, score)
            }
        }
        guard let best else {
            throw ParseError(
                code: .undecodable,
                message: "no candidate encoding could decode the input (\(attempts.joined(separator: "; ")))"
            )
        }
        let strict = best.encoding == .utf8 && best.replaced == 0
        if !strict && best.score < self.configuration.minimumPlausibility {
            throw ParseError(
                code: .undecodable,
                message: "no candidate encoding produced plausible text (\(attempts.joined(separator: "; ")))"
            )
        }
        return try self.finish(
            utf8: Array(best.text.utf8),
            encoding: best.encoding,
            declared: declared,
            replaced: best.replaced,
            isHTML: isHTML,
            strict: strict,
            score: best.score
        )
    }

    /// Checks and wraps decoded text given as well-formed UTF-8.
    private func finish(
        utf8: [UInt8],
        encoding: TextEncoding,
        declared: TextEncoding?,
        replaced: Int,
        isHTML: Bool,
        strict: Bool,
        score knownScore: Double? = nil
    ) throws(ParseError) -> DecodedText {
        var utf8 = utf8
        var knownScore = knownScore
        // A second BOM (or one inside UTF-16 text) is a zero-width no-break space; drop it.
        if utf8.count >= 3 && utf8[0] == 0xEF && utf8[1] == 0xBB && utf8[2] == 0xBF {
            utf8.removeFirst(3)
            knownScore = nil  // the score counted the dropped scalar
        }
        if !ScalarText.hasNonWhitespace(utf8: utf8, ignoringBOM: true) {
            throw ParseError(code: .emptyInput, message: "input contains only whitespace")
        }
        if replaced > self.configuration.maximumReplacedSequences {
            throw ParseError(
                code: .undecodable,
                message: "\(encoding.name) decoding needed \(replaced) replacements; "
                    + "the limit is \(self.configuration.maximumReplacedSequences)"
            )
        }
        // Strictly valid UTF-8 is never refused for its score, so it is left to be computed on
        // demand (``DecodedText/plausibility``).
        let score = knownScore ?? (strict ? nil : Plausibility.score(utf8: utf8))
        if !strict, let score, score < self.configuration.minimumPlausibility {
            throw ParseError(
                code: .undecodable,
                message: "\(encoding.name) decoding is implausible (plausibility \(Self.format(score)))"
            )
        }
        return DecodedText(
            utf8: utf8,
            encoding: encoding,
            declaredEncoding: declared,
            isHTML: isHTML,
            replacedSequenceCount: replaced,
            plausibility: score
        )
    }

    /// Rejects input with NUL bytes near the start or with many C0 control bytes.
    ///
    /// Neither UTF-8 nor GB18030 ever uses bytes below 0x20 inside a multi-byte character, so
    /// this check is valid before the encoding is known.
    private static func checkControlBytes(_ bytes: UnsafeBufferPointer<UInt8>) throws(ParseError) {
        var nulCount = 0
        var controlCount = 0
        var firstNul = -1
        var onlyWhitespace = true
        let raw = UnsafeRawBufferPointer(bytes)
        var index = 0
        while index < bytes.count {
            // Eight bytes at a time while none is below 0x20 (the usual case: this runs over
            // every input): `(x - 0x20…20) & ~x & 0x80…80` is nonzero iff some byte is < 0x20.
            if index + 8 <= bytes.count {
                let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                if (word &- 0x2020_2020_2020_2020) & ~word & 0x8080_8080_8080_8080 == 0 {
                    onlyWhitespace = false
                    index += 8
                    continue
                }
            }
            let byte = bytes[index]
            defer { index += 1 }
            if byte >= 0x20 {
                onlyWhitespace = false
                continue
            }
            if ByteSniffing.isASCIIWhitespace(byte) { continue }
            onlyWhitespace = false
            if byte == 0 {
                nulCount += 1
                if firstNul < 0 { firstNul = index }
            } else {
                controlCount += 1
            }
        }
        if onlyWhitespace {
            throw ParseError(code: .emptyInput, message: "input contains only whitespace (\(bytes.count) bytes)")
        }
        if firstNul >= 0 && firstNul < 8192 {
            throw ParseError(
                code: .binaryInput,
                message: "input contains NUL bytes (first at offset \(firstNul), \(nulCount) in total); it is not text"
            )
        }
        let suspicious = nulCount + controlCount
        if suspicious >= 4 && suspicious * 100 > bytes.count {
            throw ParseError(
                code: .binaryInput,
                message: "\(suspicious) of \(bytes.count) bytes are control bytes; the input is not text"
            )
        }
    }

    /// Decodes UTF-8, replacing invalid sequences, and counts the replacements; `nil` beyond the limit.
    private func decodeUTF8Leniently(_ bytes: UnsafeBufferPointer<UInt8>) -> (String, Int)? {
        // Counting first matters: the standard library's repairing decoder is slow on input
        // with many errors (such as GB18030 bytes), and such input is rejected here anyway.
        let limit = self.configuration.maximumReplacedSequences
        let replaced = Self.countInvalidUTF8(bytes, stoppingAfter: limit)
        if replaced > limit { return nil }
        return (String(decoding: bytes, as: UTF8.self), replaced)
    }

    /// Counts maximal invalid UTF-8 subparts (each becomes one U+FFFD), stopping once past `limit`.
    static func countInvalidUTF8(_ bytes: UnsafeBufferPointer<UInt8>, stoppingAfter limit: Int) -> Int {
        var invalid = 0
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let (length, low, high) = ValidUTF8.sequence(startingWith: lead)
            if length == 0 {
                invalid += 1
                index += 1
            } else {
                var consumed = 1
                while consumed < length && index + consumed < count {
                    let byte = bytes[index + consumed]
                    let (lower, upper) = consumed == 1 ? (low, high) : (UInt8(0x80), UInt8(0xBF))
                    if byte < lower || byte > upper { break }
                    consumed += 1
                }
                if consumed < length { invalid += 1 }
                index += consumed
            }
            if invalid > limit { return invalid }
        }
        return invalid
    }

    private static func decodeUTF16(_ bytes: UnsafeBufferPointer<UInt8>, bigEndian: Bool) -> (String, Int) {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = 0
        while index + 1 < bytes.count {
            let first = UInt16(bytes[index])
            let second = UInt16(bytes[index + 1])
            units.append(bigEndian ? first << 8 | second : second << 8 | first)
            index += 2
        }
        var replaced = bytes.count % 2
        var text = ""
        text.reserveCapacity(units.count)
        var decoder = UTF16()
        var iterator = units.makeIterator()
        decodeLoop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): text.unicodeScalars.append(scalar)
            case .emptyInput: break decodeLoop
            case .error:
                replaced += 1
                text.unicodeScalars.append("\u{FFFD}")
            }
        }
        return (text, replaced)
    }

    private static func looksLikeHTML(_ text: String) -> Bool {
        var utf8 = Array(text.utf8.prefix(1024))
        return utf8.withUnsafeMutableBufferPointer {
            ByteSniffing.looksLikeHTML(UnsafeBufferPointer($0), hintedByURL: false)
        }
    }

    private static func format(_ score: Double) -> String {
        let hundredths = Int((score * 100).rounded())
        if hundredths >= 100 { return "1.00" }
        return "0.\(hundredths < 10 ? "0" : "")\(hundredths)"
    }
}
