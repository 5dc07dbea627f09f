/// Whether a URL or a `Host` header names this machine: `localhost`, `127.0.0.0/8` or `[::1]`, any port.
package enum LoopbackURL {
    /// Whether `url` (`scheme://[userinfo@]host[:port]/…`) has a loopback host.
    package static func isLoopback(_ url: String) -> Bool {
        guard let scheme = url.range(of: "://") else { return false }
        let authority = url[scheme.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let host = authority.split(separator: "@", omittingEmptySubsequences: false).last ?? ""
        return isLoopbackHost(String(host))
    }

    /// Whether a `Host` header value (`host[:port]`) is a loopback host.
    package static func isLoopbackHost(_ hostAndPort: String) -> Bool {
        var host = Substring(hostAndPort.lowercased())
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return false }
            let rest = host[host.index(after: close)...]
            guard rest.isEmpty || (rest.first == ":" && rest.dropFirst().allSatisfy(\.isNumber)) else { return false }
            return host[...close] == "[::1]"
        }
        if let colon = host.firstIndex(of: ":") {
            guard host[host.index(after: colon)...].allSatisfy(\.isNumber) else { return false }
            host = host[..<colon]
        }
        if host == "localhost" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127"
            && octets.allSatisfy { !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isASCII) && UInt8($0) != nil }
    }
}
