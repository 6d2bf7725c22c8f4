package import FazhiParsing

/// Generates synthetic rule-of-law government reports with known ground truth.
///
/// Deterministic: document `i` of seed `s` is the same bytes on every machine and in every
/// run, and does not depend on which other documents were generated (each index has its own
/// SplitMix64 stream), so a million documents can be produced in parallel chunks. Building a
/// generator scans the bundled gazetteer once (about a second); reuse one generator.
package struct CorpusGenerator: Sendable {
    /// The corpus seed.
    package let seed: UInt64
    private let catalog: PlaceCatalog

    /// A generator for corpus `seed`, drawing places from `gazetteer`.
    package init(seed: UInt64, gazetteer: Gazetteer = .shared) {
        self.seed = seed
        self.catalog = PlaceCatalog(gazetteer: gazetteer)
    }

    /// The identity of document `index` (`syn-<seed hex>-<index, 7 digits>`).
    package func documentID(index: Int) -> String {
        "syn-\(String(self.seed, radix: 16))-\(NumberText.padded(index, 7))"
    }

    /// Document `index` (0 or more) of this corpus.
    package func generate(index: Int) -> GeneratedDocument {
        precondition(index >= 0, "index must not be negative")
        var rng = SplitMix64(seed: self.seed, stream: UInt64(index))
        return DocumentAssembler.assemble(id: self.documentID(index: index), index: index, rng: &rng, catalog: self.catalog)
    }
}
