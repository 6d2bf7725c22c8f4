import FazhiProto
import Foundation
import SwiftProtobuf
import Testing

import FazhiWire

/// The hand-written wire pieces agree with swift-protobuf.
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

    @Test("stringField(_:in:equals:) agrees with comparing stringField's value")
    func stringFieldEquals() throws {
        var report = Fazhi_V1_Report()
        report.contentSha256 = "hash"
        report.metadata.title = "标题"
        var bytes: [UInt8] = try report.serializedBytes()
        #expect(ProtobufWire.stringField(2, in: bytes, equals: "hash"))
        #expect(!ProtobufWire.stringField(2, in: bytes, equals: "has"))
        #expect(!ProtobufWire.stringField(2, in: bytes, equals: "hash!"))
        #expect(!ProtobufWire.stringField(2, in: bytes, equals: ""))
        #expect(ProtobufWire.stringField(1, in: bytes, equals: ""))  // absent reads as ""
        #expect(!ProtobufWire.stringField(1, in: bytes, equals: "id"))
        // The last occurrence wins, as in a decoder.
        ProtobufWire.appendLengthDelimited(2, Array("later".utf8), to: &bytes)
        #expect(ProtobufWire.stringField(2, in: bytes, equals: "later"))
        #expect(!ProtobufWire.stringField(2, in: bytes, equals: "hash"))
        // Malformed bytes match nothing, not even "".
        #expect(!ProtobufWire.stringField(2, in: Array(bytes.dropLast()), equals: "later"))
        #expect(!ProtobufWire.stringField(2, in: [0x00], equals: ""))
        #expect(!ProtobufWire.stringField(2, in: [0x12, 0x01, 0xFF], equals: "\u{FFFD}"))
        #expect(ProtobufWire.stringField(2, in: [], equals: ""))
    }

    @Test("fields walks every wire type and agrees with swift-protobuf on last-wins and merge")
    func walkFields() throws {
        var report = Fazhi_V1_Report()
        report.docID = "first"
        report.kind = .annualReport
        report.metadata.title = "旧标题"
        report.text = "正文"
        var fact = Fazhi_V1_Fact()
        fact.value = 120.5  // a fixed 64-bit field inside a repeated message
        report.facts = [fact, fact]
        var later = Fazhi_V1_Report()
        later.docID = "second"
        later.kind = .notAReport
        later.metadata.title = "新标题"
        let bytes: [UInt8] = try report.serializedBytes() + later.serializedBytes()
        let merged = try Fazhi_V1_Report(serializedBytes: bytes)

        let fields = try #require(ProtobufWire.fields(of: bytes))
        #expect(ProtobufWire.lastString(1, of: fields, in: bytes) == merged.docID)
        #expect(ProtobufWire.lastVarint(5, of: fields) == UInt64(merged.kind.rawValue))
        #expect(ProtobufWire.lastVarint(6, of: fields) == 0)  // absent: proto3's default
        #expect(ProtobufWire.lastVarint(1, of: fields) == 0)  // a string is not a varint: passed over
        var title = ""
        for field in fields where field.number == 7 {
            let inner = try #require(ProtobufWire.fields(of: bytes, in: field.payload))
            let value = try #require(ProtobufWire.lastString(1, of: inner, in: bytes))
            if inner.contains(where: { $0.number == 1 }) { title = value }
        }
        #expect(title == merged.metadata.title)
        #expect(fields.map(\.span.count).reduce(0, +) == bytes.count)
        let facts = fields.filter { $0.number == 11 }
        #expect(facts.count == 2)
        let factFields = try #require(ProtobufWire.fields(of: bytes, in: facts[0].payload))
        #expect(factFields.contains { $0.wireType == 1 && $0.payload.count == 8 })

        let withoutText = ProtobufWire.removingField(14, from: bytes, fields: fields)
        var expected = merged
        expected.text = ""
        #expect(try Fazhi_V1_Report(serializedBytes: withoutText) == expected)
        #expect(ProtobufWire.removingField(99, from: bytes, fields: fields) == bytes)

        #expect(ProtobufWire.fields(of: []) == [])
        #expect(ProtobufWire.fields(of: [0x0D, 0x01, 0x02]) == nil)  // fixed32 cut short
        #expect(ProtobufWire.fields(of: [0x0B]) == nil)  // a group never closed
        #expect(ProtobufWire.fields(of: [0x0C]) == nil)  // an end tag without its start
        #expect(ProtobufWire.fields(of: bytes, in: 0..<(bytes.count + 1)) == nil)
    }

    @Test("the walker accepts and refuses what swift-protobuf does: groups, wrong wire types, field numbers, negative enums")
    func agreesWithSwiftProtobuf() throws {
        var base = Fazhi_V1_Report()
        base.docID = "id"
        base.metadata.title = "标题"
        let valid: [UInt8] = try base.serializedBytes()
        // Unknown group 20 holding a nested group 21 and a string: kept as one unknown field.
        let group: [UInt8] = [0xA3, 0x01, 0xAB, 0x01, 0x08, 0x05, 0xAC, 0x01, 0x12, 0x01, 0x61, 0xA4, 0x01]
        // kind = -1 (a negative enum is a 10-byte varint), doc_id as a varint (wrong wire type).
        let negativeKind: [UInt8] = [0x28] + [UInt8](repeating: 0xFF, count: 9) + [0x01]
        let wrongType: [UInt8] = [0x08, 0x07]
        let cases: [(String, [UInt8])] = [
            ("group", valid + group),
            ("negative enum", valid + negativeKind),
            ("doc_id with another wire type", valid + wrongType),
            ("highest field number", valid + [0xF8, 0xFF, 0xFF, 0xFF, 0x0F, 0x01]),  // field 2^29 - 1, varint
            ("field number 2^29", valid + [0x80, 0x80, 0x80, 0x80, 0x10, 0x01]),
            ("group end of another number", valid + [0xA3, 0x01, 0xAC, 0x02]),
            ("field number 0", valid + [0x00]),
        ]
        for (name, bytes) in cases {
            let decoded = try? Fazhi_V1_Report(serializedBytes: bytes)
            let fields = ProtobufWire.fields(of: bytes)
            #expect((decoded == nil) == (fields == nil), "\(name): swift-protobuf \(decoded == nil ? "refuses" : "accepts"), the walker \(fields == nil ? "refuses" : "accepts")")
            guard let decoded, let fields else { continue }
            #expect(ProtobufWire.lastString(1, of: fields, in: bytes) == decoded.docID, "\(name)")
            #expect(Int32(truncatingIfNeeded: ProtobufWire.lastVarint(5, of: fields)) == Int32(decoded.kind.rawValue), "\(name)")
            #expect(fields.map(\.span.count).reduce(0, +) == bytes.count, "\(name)")
        }
    }
}
