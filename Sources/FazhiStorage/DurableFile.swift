#if canImport(Darwin)
internal import Darwin
#elseif canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#else
#error("FazhiStorage needs a POSIX C library")
#endif

/// Whole-file operations with the durability spelled out: what is written is fsynced, renames
/// are atomic and their directory fsynced, so after a crash a file holds the old bytes or the
/// new ones, never a mix.
///
/// Plain POSIX rather than Foundation's `FileManager`: durability needs `fsync` on files and
/// directories, which FileManager does not offer.
package enum DurableFile {
    /// Replaces `path` with `bytes` atomically: a temporary file in the same directory is
    /// written and fsynced, renamed over `path`, and the directory fsynced.
    package static func write(_ bytes: some Collection<UInt8>, to path: String) throws {
        try Self.write(to: path) { file in
            let contiguous = bytes.withContiguousStorageIfAvailable { buffer in
                Result { try file.write(UnsafeRawBufferPointer(buffer)) }
            }
            if let contiguous {
                try contiguous.get()
            } else {
                try Array(bytes).withUnsafeBytes { try file.write($0) }
            }
        }
    }

    /// Replaces `path` atomically with what `body` writes to a new temporary file, which is
    /// then fsynced and renamed over `path` (and the directory fsynced): for files written in
    /// pieces, without gathering them in memory first. On error the temporary file is removed.
    package static func write(to path: String, _ body: (AppendFile) throws -> Void) throws {
        let temporary = "\(path).tmp-\(getpid())-\(UInt32.random(in: 0 ... .max))"
        do {
            let file = try AppendFile(path: temporary, truncate: true)
            defer { file.close() }
            try body(file)
            try file.synchronize()
        } catch {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw Self.error("rename", path, code)
        }
        try Self.fsyncDirectory(Self.directory(of: path))
    }

    /// The whole contents of `path`; `nil` when it does not exist.
    package static func read(_ path: String) throws(StorageError) -> [UInt8]? {
        let fd = Self.retrying { open(path, O_RDONLY | O_CLOEXEC) }
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT { return nil }
            throw Self.error("open", path, code)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw Self.error("fstat", path, errno) }
        let size = Int(info.st_size)
        var failure: StorageError?
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            var total = 0
            while total < size {
                let count = Self.retrying { Glibc.read(fd, buffer.baseAddress! + total, size - total) }
                if count < 0 {
                    failure = Self.error("read", path, errno)
                    break
                }
                if count == 0 { break }
                total += count
            }
            initialized = total
        }
        if let failure { throw failure }
        return bytes
    }

    /// Size of `path` in bytes; `nil` when it does not exist.
    package static func size(_ path: String) -> Int? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int(info.st_size)
    }

    /// fsyncs a directory, making creations, renames and removals inside it durable.
    package static func fsyncDirectory(_ path: String) throws(StorageError) {
        let fd = Self.retrying { open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        guard fd >= 0 else { throw Self.error("open", path, errno) }
        defer { close(fd) }
        guard Self.retrying({ fsync(fd) }) == 0 else { throw Self.error("fsync", path, errno) }
    }

    /// Removes a file; a missing file is not an error.
    package static func remove(_ path: String) throws(StorageError) {
        guard unlink(path) == 0 || errno == ENOENT else { throw Self.error("unlink", path, errno) }
    }

    /// The names in `directory`, without `.` and `..`, sorted.
    package static func list(_ directory: String) throws(StorageError) -> [String] {
        guard let handle = opendir(directory) else { throw Self.error("opendir", directory, errno) }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) { pointer in
                String(cString: UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// Creates `path` and any missing parents, like `mkdir -p`.
    package static func createDirectory(_ path: String) throws(StorageError) {
        var info = stat()
        if stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR { return }
        let parent = Self.directory(of: path)
        if parent != path, parent != "/", parent != "." { try Self.createDirectory(parent) }
        guard mkdir(path, 0o755) == 0 || errno == EEXIST else { throw Self.error("mkdir", path, errno) }
    }

    /// The directory part of `path` ("." when there is none).
    package static func directory(of path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "." }
        if slash == path.utf8.startIndex { return "/" }
        return String(path[..<slash])
    }

    static func error(_ operation: String, _ path: String, _ code: Int32) -> StorageError {
        StorageError(.io(operation: operation, errno: code), path: path, message: "\(operation) failed: \(String(cString: strerror(code)))")
    }

    static func retrying<T: BinaryInteger>(_ call: () -> T) -> T {
        while true {
            let result = call()
            if result < 0 && errno == EINTR { continue }
            return result
        }
    }
}

/// A file opened for appending, written with `write(2)` and made durable with `fsync(2)`.
/// Not thread-safe: one owner at a time.
package final class AppendFile {
    package let path: String
    private var fd: Int32
    /// Bytes in the file (its size when opened plus what was written since).
    package private(set) var size: Int

    /// Opens (creating) `path` for appending; `truncate` empties it first.
    package init(path: String, truncate: Bool = false) throws(StorageError) {
        let flags = O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | (truncate ? O_TRUNC : 0)
        let fd = DurableFile.retrying { open(path, flags, 0o644) }
        guard fd >= 0 else { throw DurableFile.error("open", path, errno) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let code = errno
            Glibc.close(fd)
            throw DurableFile.error("fstat", path, code)
        }
        self.path = path
        self.fd = fd
        self.size = Int(info.st_size)
    }

    deinit { self.close() }

    /// Writes all of `bytes` at the end of the file (not yet durable).
    package func write(_ bytes: UnsafeRawBufferPointer) throws(StorageError) {
        guard self.fd >= 0 else { throw StorageError(.closed, path: self.path, message: "file is closed") }
        var total = 0
        while total < bytes.count {
            let count = DurableFile.retrying { Glibc.write(self.fd, bytes.baseAddress! + total, bytes.count - total) }
            guard count >= 0 else { throw DurableFile.error("write", self.path, errno) }
            total += count
        }
        self.size += total
    }

    /// Makes everything written so far durable.
    package func synchronize() throws(StorageError) {
        guard self.fd >= 0 else { throw StorageError(.closed, path: self.path, message: "file is closed") }
        guard DurableFile.retrying({ fdatasync(self.fd) }) == 0 else { throw DurableFile.error("fdatasync", self.path, errno) }
    }

    /// Cuts the file back to `count` bytes (used to drop a torn tail during recovery).
    package func truncate(to count: Int) throws(StorageError) {
        guard ftruncate(self.fd, off_t(count)) == 0 else { throw DurableFile.error("ftruncate", self.path, errno) }
        self.size = count
    }

    package func close() {
        if self.fd >= 0 {
            Glibc.close(self.fd)
            self.fd = -1
        }
    }
}
