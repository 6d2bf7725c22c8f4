package import Foundation

/// The indicator taxonomy (`Resources/indicators.json`), loaded once.
package struct IndicatorTaxonomy: Sendable {
    /// Every indicator, in file order (the order breaks ties when linking).
    package var indicators: [Indicator]
    private var indexByID: [String: Int]

    /// A taxonomy of these indicators.
    package init(indicators: [Indicator]) {
        self.indicators = indicators
        var index: [String: Int] = [:]
        for (position, indicator) in indicators.enumerated() where index[indicator.id] == nil {
            index[indicator.id] = position
        }
        self.indexByID = index
    }

    /// The taxonomy shipped in this module's resources.
    ///
    /// A missing or malformed resource is a packaging error, so it traps with a message.
    package static let shared: IndicatorTaxonomy = {
        guard
            let url = Bundle.module.url(forResource: "indicators", withExtension: "json", subdirectory: "Resources")
                ?? Bundle.module.url(forResource: "indicators", withExtension: "json")
        else {
            fatalError("Invalid state: indicators.json is missing from \(Bundle.module.bundlePath)")
        }
        do {
            return try IndicatorTaxonomy.load(from: Data(contentsOf: url))
        } catch {
            fatalError("Invalid state: the bundled indicators.json cannot be loaded: \(error)")
        }
    }()

    /// The indicator with this id, if any.
    package func indicator(id: String) -> Indicator? {
        self.indexByID[id].map { self.indicators[$0] }
    }

    /// Position of the indicator with this id in ``indicators``.
    func index(of id: String) -> Int? {
        self.indexByID[id]
    }

    /// Parses the JSON array of `indicators.json`.
    ///
    /// - Throws: `DecodingError` when the data is not an array of indicator objects.
    package static func load(from data: Data) throws -> IndicatorTaxonomy {
        let records = try JSONDecoder().decode([Record].self, from: data)
        return IndicatorTaxonomy(
            indicators: records.map { record in
                Indicator(
                    id: record.id,
                    name: record.name_en,
                    area: record.area,
                    units: record.units,
                    phrasings: record.phrasings,
                    weakPhrasings: record.weak_phrasings ?? [],
                    zeroPhrasings: record.zero_phrasings ?? [],
                    measurePhrasings: record.measure_phrasings ?? [],
                    subjectPhrasings: record.subject_phrasings ?? [],
                    subjectIndicators: record.subject_indicators ?? [],
                    valueKind: record.value_kind,
                    typicalRange: record.typical_range ?? "",
                    notes: record.notes ?? ""
                )
            }
        )
    }

    /// One object of the JSON file; the property names are the file's keys.
    private struct Record: Decodable {
        var id: String
        var name_en: String
        var area: String
        var phrasings: [String]
        var units: [String]
        var typical_range: String?
        var notes: String?
        var weak_phrasings: [String]?
        var zero_phrasings: [String]?
        var measure_phrasings: [String]?
        var subject_phrasings: [String]?
        var subject_indicators: [String]?
        var value_kind: String?
    }
}
