package import FazhiProto
internal import FazhiWire
internal import SwiftProtobuf

/// One document's parse as the gateway passes it on: the report as the parser serialized it
/// (never decoded here), or the status saying why there is none.
package struct ParsedDocument: Sendable {
    /// The serialized `fazhi.v1.Report`, when the parse succeeded.
    package var report: [UInt8]?
    /// Why there is no report (a status that is not OK), when the parse failed.
    package var status: Fazhi_V1_Status?
    /// The same report as a serialized `fazhi.v1.CompressedReport`, when the parser sent one.
    package var compressed: [UInt8]?

    package init(report: [UInt8]?, status: Fazhi_V1_Status?, compressed: [UInt8]? = nil) {
        self.report = report
        self.status = status
        self.compressed = compressed
    }

    /// The results of a serialized `ParseBatchResponse`, in order; `nil` when the bytes are not
    /// a well-formed one. Repeated occurrences of a result's status or report merge, as
    /// protobuf decoding would merge them.
    static func results(of response: [UInt8]) -> [ParsedDocument]? {
        guard let fields = ProtobufWire.fields(of: response) else { return nil }
        var results: [ParsedDocument] = []
        // Occurrences of another wire type are unknown fields to a decoder: passed over here too.
        for field in fields where field.number == 1 && field.wireType == 2 {  // results
            guard let inner = ProtobufWire.fields(of: response, in: field.payload) else { return nil }
            var status: [UInt8]?
            var report: [UInt8]?
            var compressed: [UInt8]?
            for part in inner where part.wireType == 2 {
                switch part.number {
                // Occurrences merge: appended in place.
                case 1:  // status
                    if status == nil { status = [] }
                    status!.append(contentsOf: response[part.payload])
                case 2:  // report
                    if report == nil { report = [] }
                    report!.append(contentsOf: response[part.payload])
                case 4:  // compressed
                    if compressed == nil { compressed = [] }
                    compressed!.append(contentsOf: response[part.payload])
                default: continue  // fields of later versions
                }
            }
            var result = ParsedDocument(report: report, status: nil, compressed: compressed)
            if let status {
                guard let decoded = try? Fazhi_V1_Status(serializedBytes: status) else { return nil }
                result.status = decoded
            }
            results.append(result)
        }
        return results
    }
}

/// A parsed report on its way to the index shards and facts partitions: its bytes as the parser
/// sent them, and the few fields the gateway routes and answers by, read without decoding it.
struct ForwardedReport: Sendable {
    /// The serialized report (possibly stored fields followed by identity fields: a merge).
    let bytes: [UInt8]
    /// The same report as a serialized `fazhi.v1.CompressedReport`, when the parser sent one:
    /// what the index shards are sent instead of `bytes`.
    var compressed: [UInt8]?
    let docID: String
    let title: String
    let kind: Fazhi_V1_DocumentKind

    /// Reads `bytes`' doc id, title and kind; `nil` when they are not a well-formed report.
    init?(_ bytes: [UInt8], compressed: [UInt8]? = nil) {
        guard let fields = ProtobufWire.fields(of: bytes),
            let docID = ProtobufWire.lastString(1, of: fields, in: bytes)  // doc_id
        else { return nil }
        let kind = ProtobufWire.lastVarint(5, of: fields)  // kind
        var title = ""
        for field in fields where field.number == 7 && field.wireType == 2 {  // metadata: occurrences merge, the last title wins
            guard let metadata = ProtobufWire.fields(of: bytes, in: field.payload) else { return nil }
            guard metadata.contains(where: { $0.number == 1 && $0.wireType == 2 }) else { continue }
            guard let value = ProtobufWire.lastString(1, of: metadata, in: bytes) else { return nil }
            title = value
        }
        self.bytes = bytes
        self.compressed = compressed
        self.docID = docID
        self.title = title
        self.kind = Fazhi_V1_DocumentKind(rawValue: Int(Int32(truncatingIfNeeded: kind))) ?? .UNRECOGNIZED(Int(Int32(truncatingIfNeeded: kind)))
    }
}
