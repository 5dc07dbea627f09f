/// What an `Authorization` header says, read by the rules every adapter shares (RFC 6750):
/// the scheme `Bearer` in any case, one or more spaces, then a token with no spaces.
public enum BearerToken: Sendable, Equatable {
    /// No `Authorization` header, or another scheme (`Basic …`): not ours; the request goes on unauthenticated.
    case absent
    /// A bearer token to verify.
    case token(String)
    /// A `Bearer` header that is empty, has spaces in the token, control characters or is too long: a 401.
    case invalid

    /// Longest `Authorization` value read; longer ones are ``invalid`` (tokens are at most 16 KiB).
    public static let maximumHeaderLength = 20_000

    /// Reads the values of the request's `Authorization` headers: none is ``absent``, one is read by
    /// ``init(authorization:)``, several are ``invalid`` (a request has at most one `Authorization` header, and
    /// choosing one of several would let a proxy and this server disagree about who called).
    public init(authorizationValues values: [String]) {
        guard values.count <= 1 else { self = .invalid; return }
        self.init(authorization: values.first)
    }

    /// Reads one `Authorization` header value (`nil`: no header).
    public init(authorization value: String?) {
        guard let value else { self = .absent; return }
        let bytes = Array(value.utf8.prefix(Self.maximumHeaderLength + 1))
        // Scheme: the bytes before the first space (or the whole value).
        let schemeEnd = bytes.firstIndex(of: 0x20) ?? bytes.count
        let scheme = bytes[..<schemeEnd]
        guard scheme.count == 6, zip(scheme, "bearer".utf8).allSatisfy({ $0 | 0x20 == $1 }) else {
            self = .absent
            return
        }
        guard bytes.count <= Self.maximumHeaderLength else { self = .invalid; return }
        var rest = bytes[schemeEnd...]
        while rest.first == 0x20 { rest = rest.dropFirst() }
        // A token: visible ASCII, no spaces (base64url and dots; anything else fails verification as malformed).
        guard !rest.isEmpty, rest.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            self = .invalid
            return
        }
        self = .token(String(decoding: rest, as: UTF8.self))
    }
}
