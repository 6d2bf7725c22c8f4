/// A report attribute results can be grouped by.
package enum GroupField: String, Sendable, Hashable, CaseIterable {
    case year, province, city, county, level, organization

    /// The field named `name` (as on the wire).
    ///
    /// - Throws: ``AggregationError/Code/unknownGroupField`` naming it and the valid names.
    package init(validating name: String) throws(AggregationError) {
        guard let field = GroupField(rawValue: name) else {
            throw AggregationError(
                .unknownGroupField,
                "unknown grouping field '\(name)'; expected one of \(GroupField.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        self = field
    }

    /// Validates a list of names; duplicates are refused too (they would repeat a key column).
    static func validate(_ names: [String]) throws(AggregationError) -> [GroupField] {
        var fields: [GroupField] = []
        for name in names {
            let field = try GroupField(validating: name)
            guard !fields.contains(field) else {
                throw AggregationError(.unknownGroupField, "grouping field '\(name)' is listed twice")
            }
            fields.append(field)
        }
        return fields
    }
}
