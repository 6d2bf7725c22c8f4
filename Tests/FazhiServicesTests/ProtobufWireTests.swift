import FazhiProto
import Foundation
import SwiftProtobuf
import Testing

@testable import FazhiParserService

/// The parser's hand-written wire pieces agree with swift-protobuf.
struct ProtobufWireTests {
    @Test("fields written by hand decode with swift-protobuf; concatenation merges")
    func writeAndMerge() throws {
        var report = Fazhi_V1_Report()
        report.contentSha256 = String(repeating: "a", count: 64)
        report.metadata.reportYear = 2023
        var identity = Fazhi_V1_Report()
        identity.docID = "doc"
        identity.metadata.crawlDate.year = 2025
        let merged: [UInt8] = try report.serializedBytes() + identity.serializedBytes()
        var response: [UInt8] = []
        ProtobufWire.appendLengthDelimited(1, merged, to: &response)
        ProtobufWire.appendBool(2, true, to: &response)
        let decoded = try Fazhi_V1_ParseResponse(serializedBytes: response)
        #expect(decoded.cacheHit)
        #expect(decoded.report.docID == "doc")
        #expect(decoded.report.metadata.reportYear == 2023)
        #expect(decoded.report.metadata.crawlDate.year == 2025)
        #expect(decoded.report.contentSha256 == report.contentSha256)

        var big: [UInt8] = []
        ProtobufWire.appendVarint(300, to: &big)
        #expect(big == [0xAC, 0x02])
    }

    @Test("stringField reads the top level, and refuses malformed bytes")
    func stringField() throws {
        var report = Fazhi_V1_Report()
        report.contentSha256 = "hash"
        report.docID = "id"
        report.metadata.title = "标题"
        let bytes: [UInt8] = try report.serializedBytes()
        #expect(ProtobufWire.stringField(2, in: bytes) == "hash")
        #expect(ProtobufWire.stringField(1, in: bytes) == "id")
        #expect(ProtobufWire.stringField(4, in: bytes) == "")
        #expect(ProtobufWire.stringField(2, in: Array(bytes.dropLast())) == nil)  // truncated
        #expect(ProtobufWire.stringField(2, in: [0x12, 0x05, 0x61]) == nil)  // length past the end
        #expect(ProtobufWire.stringField(2, in: [0x00]) == nil)  // field number 0
        #expect(ProtobufWire.stringField(2, in: [0x12, 0x01, 0xFF]) == nil)  // not UTF-8
        #expect(ProtobufWire.stringField(2, in: Array(repeating: 0xFF, count: 11)) == nil)  // endless varint
        #expect(ProtobufWire.stringField(2, in: []) == "")
    }
}
