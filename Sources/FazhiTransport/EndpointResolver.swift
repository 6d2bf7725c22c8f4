#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Turns configured endpoints into the addresses behind them.
///
/// An endpoint whose host is a DNS name stands for every address the name resolves to (a
/// Kubernetes headless Service, a compose service with replicas, a round-robin record), so a
/// pool built from it grows and shrinks as the name's records change. IP literals stand for
/// themselves. Resolution blocks (getaddrinfo): call it off the cooperative thread pool.
package enum EndpointResolver {
    /// The addresses `endpoint` stands for, sorted; the endpoint itself for an IP literal.
    /// Throws when a name does not resolve.
    package static func resolve(_ endpoint: Endpoint) throws -> [Endpoint] {
        if Self.isIPLiteral(endpoint.host) { return [endpoint] }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var result: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(endpoint.host, nil, &hints, &result)
        guard status == 0, let first = result else {
            throw WireResolutionError(host: endpoint.host, reason: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(first) }
        var addresses: Set<Endpoint> = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            if let text = Self.numericHost(entry.pointee.ai_addr, entry.pointee.ai_addrlen) {
                addresses.insert(Endpoint(host: text, port: endpoint.port))
            }
            cursor = entry.pointee.ai_next
        }
        return addresses.sorted { $0.description < $1.description }
    }

    /// Whether `host` is an IPv4 or IPv6 address rather than a name.
    package static func isIPLiteral(_ host: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }

    private static func numericHost(_ address: UnsafeMutablePointer<sockaddr>?, _ length: socklen_t) -> String? {
        guard let address else { return nil }
        var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        guard getnameinfo(address, length, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0 else { return nil }
        return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }
}

/// A DNS name that did not resolve.
package struct WireResolutionError: Error, CustomStringConvertible {
    package var host: String
    package var reason: String
    package var description: String { "cannot resolve \(self.host): \(self.reason)" }
}
