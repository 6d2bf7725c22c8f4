import FazhiProto
import FazhiWire
import Foundation
import SwiftProtobuf
import Testing

@testable import FazhiGatewayService

/// The gateway reads parse results and the fields it routes by from bytes, as swift-protobuf
/// would decode them, and passes the reports on untouched.
struct GatewayForwardingTests {
    @Test("ForwardedReport reads doc id, title and kind as a decode would, merges included")
    func forwardedFields() throws {
        var stored = Fazhi_V1_Report()
        stored.kind = .informationDisclosureReport
        stored.metadata.title = "某市2023年法治政府建设年度报告"
        stored.text = "正文"
        var identity = Fazhi_V1_Report()
        identity.docID = "doc-1"
        identity.metadata.crawlDate.year = 2024  // a second metadata occurrence without a title
        let bytes: [UInt8] = try stored.serializedBytes() + identity.serializedBytes()
        let decoded = try Fazhi_V1_Report(serializedBytes: bytes)
        let forwarded = try #require(ForwardedReport(bytes))
        #expect(forwarded.docID == decoded.docID)
        #expect(forwarded.title == decoded.metadata.title)
        #expect(forwarded.kind == decoded.kind)
        #expect(forwarded.bytes == bytes)

        var retitled = Fazhi_V1_Report()
        retitled.metadata.title = "新标题"
        let later = try #require(ForwardedReport(bytes + (try retitled.serializedBytes() as [UInt8])))
        #expect(later.title == "新标题")
        #expect(ForwardedReport(Array(bytes.dropLast())) == nil)
        #expect(ForwardedReport([0x3A, 0x02, 0x0A, 0x05]) == nil)  // metadata whose title runs past its end
        #expect(ForwardedReport([])?.docID == "")
    }

    @Test("ParseBatchResponse results come out in order with their status or report bytes")
    func parseResults() throws {
        var ok = Fazhi_V1_ParseResult()
        ok.report.docID = "a"
        ok.cacheHit = true
        var failed = Fazhi_V1_ParseResult()
        failed.status.code = .invalidArgument
        failed.status.message = "empty input"
        var response = Fazhi_V1_ParseBatchResponse()
        response.results = [ok, failed, Fazhi_V1_ParseResult()]
        let results = try #require(ParsedDocument.results(of: try response.serializedBytes()))
        #expect(results.count == 3)
        #expect(try results[0].report.map { try Fazhi_V1_Report(serializedBytes: $0) } == ok.report)
        #expect(results[0].status == nil)
        #expect(results[1].report == nil && results[1].status == failed.status)
        #expect(results[2].report == nil && results[2].status == nil)
        #expect(ParsedDocument.results(of: [0x0A, 0x03, 0x12]) == nil)
        #expect(ParsedDocument.results(of: [0x10, 0x01])?.isEmpty == true)  // an unknown field only: no results
        #expect(ParsedDocument.results(of: [0x08, 0x01]) == nil)  // results as a varint
    }

    @Test("routing hashes Data, arrays and other sequences alike (FNV-1a's published values)")
    func routingHash() {
        let bytes = Array("foobar".utf8)
        #expect(Routing.fnv1a(bytes) == 0x8594_4171_F739_67E8)  // FNV-1a 64 of "foobar"
        #expect(Routing.fnv1a(Data(bytes)) == Routing.fnv1a(bytes))
        #expect(Routing.fnv1a(bytes.lazy.map { $0 }) == Routing.fnv1a(bytes))  // not contiguous
        #expect(Routing.fnv1a([UInt8]()) == 0xCBF2_9CE4_8422_2325)
    }
}
