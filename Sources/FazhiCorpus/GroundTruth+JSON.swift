internal import FazhiParsing

/// The stable JSON shapes of `truth.jsonl` and `manifest.jsonl` (see CorpusWriter for the
/// field list). Written by hand so that key order, number formatting and escaping never
/// change, which keeps corpora byte-comparable.
extension GroundTruth {
    /// One `truth.jsonl` line (without the newline).
    package var jsonLine: String {
        var json = JSONText()
        json.object {
            $0.field("id", self.id)
            $0.field("index", self.index)
            $0.field("kind", self.kind.rawValue)
            $0.field("kind_reason", self.kindReason)
            $0.field("title", self.metadata.title)
            $0.field("organizations", self.metadata.organizations)
            $0.field("level", self.metadata.level?.rawValue)
            $0.key("region")
            $0.object { region in
                let r = self.metadata.region
                region.field("status", self.regionStatus.rawValue)
                region.field("province", r.province)
                region.field("city", r.city)
                region.field("county", r.county)
                region.field("township", r.township)
                region.field("county_code", r.countyCode)
                region.field("candidates", r.candidates)
            }
            $0.field("report_year", self.metadata.reportYear)
            $0.key("published_date")
            $0.date(self.metadata.publishedDate)
            $0.key("signed_date")
            $0.date(self.metadata.signedDate)
            $0.field("signed_date_form", self.signedDateForm.rawValue)
            $0.key("written_date")
            $0.date(self.metadata.writtenDate)
            $0.field("published_on_time", self.publishedOnTime)
            $0.field("index_number", self.metadata.indexNumber)
            $0.field("source_name", self.metadata.sourceName)
            $0.field("addressees", self.metadata.addressees)
            $0.field("format", self.format.rawValue)
            $0.field("encoding", self.encoding.rawValue)
            $0.field("source_url", self.sourceURL)
            $0.field("parts_pattern", self.partsPattern.rawValue)
            $0.key("parts_order")
            $0.array(self.partsOrder) { json, parts in json.value(parts.map(\.rawValue)) }
            $0.field("parts_present", self.partsPresent.map(\.rawValue))
            $0.field("parts_missing", self.partsMissing.map(\.rawValue))
            $0.key("sections")
            $0.array(self.sections) { json, section in
                json.object {
                    $0.field("depth", section.depth)
                    $0.field("parent", section.parent)
                    $0.field("numbering", section.numbering)
                    $0.field("heading", section.heading)
                    $0.field("parts", section.parts.map(\.rawValue))
                    $0.field("area", section.area)
                    $0.field("heading_range", [section.headingRange.lowerBound, section.headingRange.upperBound])
                    $0.field("body_range", [section.bodyRange.lowerBound, section.bodyRange.upperBound])
                }
            }
            $0.field("problems", self.problems)
            $0.field("plans", self.plans)
            $0.key("facts")
            $0.array(self.facts) { json, fact in
                json.object {
                    $0.field("indicator", fact.indicator)
                    $0.field("value", fact.value)
                    $0.field("value_max", fact.valueMax)
                    $0.field("unit", fact.unit)
                    $0.field("qualifier", fact.qualifier.rawValue)
                    $0.field("kind", fact.valueKind.rawValue)
                    $0.field("period", fact.period.rawValue)
                    $0.field("period_month", fact.periodMonth)
                    $0.field("is_requirement", fact.isRequirement)
                    $0.field("part_of", fact.partOf)
                    $0.field("text", fact.text)
                    $0.field("range", [fact.range.lowerBound, fact.range.upperBound])
                    $0.field("sentence_range", [fact.sentenceRange.lowerBound, fact.sentenceRange.upperBound])
                    $0.field("section", fact.section)
                    $0.field("scope", fact.scope)
                }
            }
            $0.key("traps")
            $0.array(self.traps) { json, trap in
                json.object {
                    $0.field("kind", trap.kind.rawValue)
                    $0.field("text", trap.text)
                }
            }
            $0.field("body_bytes", self.body.utf8.count)
        }
        return json.text
    }
}

extension GeneratedDocument {
    /// One `manifest.jsonl` line (without the newline); `file` is relative to the corpus root.
    package func manifestLine(file: String) -> String {
        var json = JSONText()
        let metadata = self.truth.metadata
        json.object {
            $0.field("id", self.id)
            $0.field("file", file)
            $0.field("title", metadata.title)
            $0.field("year", metadata.reportYear)
            $0.field("kind", self.truth.kind.rawValue)
            $0.field("level", metadata.level?.rawValue)
            $0.field("province", metadata.region.province)
            $0.field("city", metadata.region.city)
            $0.field("county", metadata.region.county)
            $0.field("township", metadata.region.township)
            $0.field("region_status", self.truth.regionStatus.rawValue)
            $0.field("organizations", metadata.organizations)
            $0.field("format", self.format.rawValue)
            $0.field("encoding", self.encoding.rawValue)
            $0.field("bytes", self.bytes.count)
            $0.field("source_url", self.sourceURL)
            $0.field("published", metadata.publishedDate?.description)
            $0.field("parts_pattern", self.truth.partsPattern.rawValue)
            $0.field("facts", self.truth.facts.count)
        }
        return json.text
    }
}
