import FazhiStorage
import Foundation
import Testing

@Suite("DurableLog")
struct DurableLogTests {
    private func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "fazhi-log-\(UUID().uuidString)"
        return path
    }

    private func replayAll(_ directory: String) throws -> (records: [[UInt8]], recovery: DurableLog.Recovery) {
        var records: [[UInt8]] = []
        let log = try DurableLog(directory: directory) { records.append(Array($0)) }
        defer { log.close() }
        return (records, log.recovered)
    }

    @Test("appended records come back in order after reopening")
    func roundTrip() async throws {
        let directory = self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let log = try DurableLog(directory: directory) { _ in Issue.record("new log replayed a record") }
        try await log.append([[1, 2, 3], []])
        try log.appendAndWait([Array("第二条".utf8)])
        log.close()
        let (records, recovery) = try self.replayAll(directory)
        #expect(records == [[1, 2, 3], [], Array("第二条".utf8)])
        #expect(recovery.truncatedBytes == 0)
    }

    @Test("concurrent appends all become durable")
    func concurrentAppends() async throws {
        let directory = self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let log = try DurableLog(directory: directory) { _ in }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<200 {
                group.addTask { try await log.append([[UInt8(index % 256), UInt8(index / 256)]]) }
            }
            try await group.waitForAll()
        }
        log.close()
        let (records, _) = try self.replayAll(directory)
        #expect(Set(records.map { Int($0[0]) + 256 * Int($0[1]) }) == Set(0..<200))
    }

    @Test("a torn tail is cut off and the intact records survive")
    func tornTail() throws {
        let directory = self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let log = try DurableLog(directory: directory) { _ in }
        try log.appendAndWait([[7, 7, 7], [8, 8, 8, 8]])
        log.close()
        let file = try #require(try DurableFile.list(directory).first { $0.hasSuffix(".log") })
        let path = directory + "/" + file
        var bytes = try #require(try DurableFile.read(path))
        let intact = bytes.count
        // Half a record header and part of a payload, as a crash mid-write leaves them.
        bytes += [200, 0, 0, 0, 1, 2, 3, 4, 9, 9]
        try DurableFile.write(bytes, to: path)
        let (records, recovery) = try self.replayAll(directory)
        #expect(records == [[7, 7, 7], [8, 8, 8, 8]])
        #expect(recovery.truncatedBytes == 10)
        #expect(DurableFile.size(path) == intact)
    }

    @Test("a record that fails its checksum ends the last generation")
    func checksumFailure() throws {
        let directory = self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let log = try DurableLog(directory: directory) { _ in }
        try log.appendAndWait([[1, 1], [2, 2], [3, 3]])
        log.close()
        let path = directory + "/" + (try DurableFile.list(directory).first { $0.hasSuffix(".log") } ?? "")
        var bytes = try #require(try DurableFile.read(path))
        bytes[8 + 2 + 8] ^= 0xFF  // first payload byte of the second record
        try DurableFile.write(bytes, to: path)
        let (records, recovery) = try self.replayAll(directory)
        #expect(records == [[1, 1]])
        #expect(recovery.truncatedBytes == 20)
    }

    @Test("damage in a sealed generation fails the open")
    func sealedGenerationDamage() throws {
        let directory = self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let log = try DurableLog(directory: directory) { _ in }
        try log.appendAndWait([[1, 2, 3, 4]])
        let sealed = try log.rotate()
        try log.appendAndWait([[5]])
        log.close()
        let names = try DurableFile.list(directory).filter { $0.hasSuffix(".log") }
        #expect(names.count == 2)
        let path = directory + "/" + names[0]
        var bytes = try #require(try DurableFile.read(path))
        bytes[9] ^= 0x01
        try DurableFile.write(bytes, to: path)
        #expect(throws: StorageError.self) { try DurableLog(directory: directory) { _ in } }
        #expect(sealed == 1)
    }

    @Test("rotation keeps order and removal drops only sealed generations")
    func rotateAndRemove() throws {
        let directory = self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let log = try DurableLog(directory: directory) { _ in }
        try log.appendAndWait([[1]])
        let first = try log.rotate()
        try log.appendAndWait([[2]])
        log.close()
        #expect(try self.replayAll(directory).records == [[1], [2]])

        let reopened = try DurableLog(directory: directory) { _ in }
        try reopened.removeGenerations(through: first)
        try reopened.appendAndWait([[3]])
        reopened.close()
        #expect(try self.replayAll(directory).records == [[2], [3]])
    }

    @Test("appends after close fail instead of vanishing")
    func appendAfterClose() async throws {
        let directory = self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let log = try DurableLog(directory: directory) { _ in }
        log.close()
        await #expect(throws: StorageError.self) { try await log.append([[1]]) }
    }
}

@Suite("DurableFile")
struct DurableFileTests {
    @Test("write replaces atomically and read returns the bytes; missing files read as nil")
    func writeRead() throws {
        let root = NSTemporaryDirectory() + "fazhi-file-\(UUID().uuidString)"
        let directory = root + "/a/b"
        defer { try? FileManager.default.removeItem(atPath: root) }
        try DurableFile.createDirectory(directory)
        let path = directory + "/x.bin"
        #expect(try DurableFile.read(path) == nil)
        try DurableFile.write([1, 2, 3], to: path)
        try DurableFile.write(Array(repeating: 9, count: 70_000), to: path)
        #expect(try DurableFile.read(path) == Array(repeating: 9, count: 70_000))
        #expect(try DurableFile.list(directory) == ["x.bin"])
        try DurableFile.remove(path)
        try DurableFile.remove(path)
        #expect(try DurableFile.list(directory).isEmpty)
    }

    @Test("crc32 matches the standard check value")
    func crc() {
        #expect(Checksum.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
    }
}
