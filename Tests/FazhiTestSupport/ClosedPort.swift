#if canImport(Glibc)
internal import Glibc
#endif

/// A loopback TCP port that refuses connections for as long as this value lives: a socket bound
/// to it without listening. Holding the binding keeps the kernel and other test servers from
/// handing the port out meanwhile, which a port found by binding and releasing it cannot
/// promise when tests run in parallel.
package final class ClosedPort: Sendable {
    /// The port number.
    package let port: Int
    private let descriptor: Int32

    /// Binds a socket to 127.0.0.1 on a port the system picks.
    package init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw ClosedPortError(step: "socket", code: errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0 else {
            let code = errno
            close(descriptor)
            throw ClosedPortError(step: "bind", code: code)
        }
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard named == 0 else {
            let code = errno
            close(descriptor)
            throw ClosedPortError(step: "getsockname", code: code)
        }
        self.descriptor = descriptor
        self.port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit {
        close(self.descriptor)
    }
}

/// Why a ``ClosedPort`` could not be made.
package struct ClosedPortError: Error, CustomStringConvertible {
    let step: String
    let code: Int32

    package var description: String { "\(self.step) failed with errno \(self.code)" }
}
