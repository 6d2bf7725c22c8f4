import FazhiIndex
import Testing

@Suite struct QueryParserTests {
    @Test("terms, OR, exclusion, phrases and fields parse into clauses")
    func parsesClauses() throws {
        let query = try QueryParser.parse(#"枫桥经验 调解 OR 信访 -禁毒 "法律 顾问" year:2020..2023 level:street province:浙江"#)
        #expect(
            query.clauses == [
                .text("枫桥经验"),
                .anyOf([.text("调解"), .text("信访")]),
                .exclude(.text("禁毒")),
                .text("法律 顾问"),
                .filter(FieldFilter(.year, .range(2020...2023))),
                .filter(FieldFilter(.level, .value("street"))),
                .filter(FieldFilter(.province, .value("浙江"))),
            ]
        )
        #expect(try QueryParser.parse("发布日期:2023").clauses == [.text("发布日期:2023")])
        #expect(try QueryParser.parse("year:..2021").clauses == [.filter(FieldFilter(.year, .range(Int.min...2021)))])
    }

    @Test(
        "syntax errors carry the reason and the character position",
        arguments: [
            ("", QuerySyntaxError.Reason.emptyQuery, 0),
            ("   ", .emptyQuery, 0),
            ("调解 \"枫桥经验", .unbalancedQuote, 3),
            ("调解 color:red", .unknownField, 3),
            ("year:2023..2020", .badRange, 5),
            ("法治 year:abc..2020", .badRange, 8),
            ("year:twenty", .badValue, 5),
            ("level:galaxy", .badValue, 6),
            ("part:F", .badValue, 5),
            ("OR 调解", .danglingOperator, 0),
            ("调解 OR", .danglingOperator, 3),
            ("调解 \"\"", .emptyTerm, 3),
            ("调解 -", .emptyTerm, 3),
        ]
    )
    func syntaxErrors(query: String, reason: QuerySyntaxError.Reason, position: Int) {
        #expect {
            _ = try QueryParser.parse(query)
        } throws: { error in
            guard let error = error as? QuerySyntaxError else { return false }
            return error.reason == reason && error.position == position && !error.message.isEmpty
        }
    }
}
