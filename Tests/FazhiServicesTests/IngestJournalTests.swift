import FazhiTestSupport
import Testing
@testable import FazhiCommandLine

@Suite struct IngestJournalTests {
    @Test("a rerun skips what the journal holds, but not after the parser version changed")
    func keptPerParserVersion() {
        let directory = TemporaryDirectory("fazhi-journal")
        defer { directory.remove() }
        let before = IngestJournal(gateway: "127.0.0.1:7100", parserVersion: "0.1.0", directory: directory.path)
        before.append([.init(path: "/reports/a.txt", size: 120, modified: 1_700_000_000.5, docID: "ab12")])
        let loaded = before.load()
        #expect(loaded["/reports/a.txt"]?.size == 120)
        #expect(loaded["/reports/a.txt"]?.modified == 1_700_000_000.5)
        #expect(loaded["/reports/a.txt"]?.docID == "ab12")

        let upgraded = IngestJournal(gateway: "127.0.0.1:7100", parserVersion: "0.2.0", directory: directory.path)
        #expect(upgraded.file != before.file)
        #expect(upgraded.load().isEmpty, "files ingested by the old parser are sent again")
        let otherGateway = IngestJournal(gateway: "127.0.0.1:7200", parserVersion: "0.1.0", directory: directory.path)
        #expect(otherGateway.load().isEmpty)
        #expect(IngestJournal(gateway: "127.0.0.1:7100", parserVersion: "0.1.0", directory: directory.path).load().count == 1)
    }
}
