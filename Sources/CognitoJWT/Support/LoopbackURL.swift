/// Whether a URL or a `Host` header names this machine.
package enum LoopbackURL {
    /// Whether `url` (`scheme://[userinfo@]host[:port]/…`) has a loopback host: `localhost`, `127.0.0.0/8` or
    /// `[::1]`.
    package static func isLoopback(_ url: String) -> Bool {
        guard let scheme = url.range(of: "://") else { return false }
        let authority = url[scheme.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let hostAndPort = authority.split(separator: "@", omittingEmptySubsequences: false).last ?? ""
        guard let host = host(ofAuthority: hostAndPort).map(lowercasedASCII) else { return false }
        if host == "localhost" || host == "[::1]" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127"
            && octets.allSatisfy { !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isASCII) && UInt8($0) != nil }
    }

    /// The host of an authority `host[:port]` (an IPv6 host keeps its brackets), as written; `nil` when it is
    /// empty or what follows it is not a colon and a non-empty decimal port.
    package static func host(ofAuthority authority: Substring) -> Substring? {
        let host: Substring
        let rest: Substring
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = authority[...close]
            rest = authority[authority.index(after: close)...]
        } else {
            let colon = authority.firstIndex(of: ":") ?? authority.endIndex
            host = authority[..<colon]
            rest = authority[colon...]
        }
        guard
            rest.isEmpty
                || (rest.count > 1 && rest.first == ":" && rest.dropFirst().allSatisfy(\.isASCII)
                    && rest.dropFirst().allSatisfy(\.isNumber))
        else { return nil }
        return host.isEmpty ? nil : host
    }

    /// `text` with ASCII `A`–`Z` made lowercase and every other character kept as it is (host names compare
    /// case-insensitively as ASCII only: `\u{212A}` is no `k`).
    package static func lowercasedASCII(_ text: Substring) -> String {
        String(decoding: text.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
    }
}
