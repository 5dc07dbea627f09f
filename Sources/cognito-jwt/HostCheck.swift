import CognitoJWT
import Hummingbird

/// The `Host` names a server answers, with the sentence its 421 answers give.
struct AllowedHosts: Sendable, Equatable {
    /// The loopback names every server answers: `localhost`, `127.0.0.1` and `[::1]`.
    static let loopbackNames: Set<String> = ["localhost", "127.0.0.1", "[::1]"]

    /// The demo's: only the loopback names.
    static let loopback = AllowedHosts(
        names: loopbackNames, reason: "the demo answers only Host 127.0.0.1, localhost or [::1]")

    /// The names answered, lowercase ASCII and without a port.
    let names: Set<String>
    /// Why a request for another name is refused, for the 421's JSON body.
    let reason: String

    /// `serve`'s: the loopback names and those of `list` (`COGNITO_ALLOWED_HOSTS`, comma-separated).
    ///
    /// - Throws: a message naming the first entry that is not a bare host name: a DNS name, an IPv4 address or
    ///   an IPv6 address in brackets, without a scheme, port or path.
    static func serve(adding list: String) throws(ConfigurationMessage) -> AllowedHosts {
        var names = loopbackNames
        for entry in list.split(separator: ",") {
            let name = entry.trimmingASCIISpaces()
            if name.isEmpty { continue }
            guard isHostName(name) else {
                throw ConfigurationMessage(
                    "COGNITO_ALLOWED_HOSTS (cognito.allowedHosts) lists host names without scheme or port, "
                        + "comma-separated; \(name) is not one")
            }
            names.insert(LoopbackURL.lowercasedASCII(name))
        }
        return AllowedHosts(
            names: names,
            reason: "this server answers only Host localhost, 127.0.0.1, [::1] and the names of COGNITO_ALLOWED_HOSTS")
    }

    /// A configuration error in a sentence.
    struct ConfigurationMessage: Error, CustomStringConvertible {
        /// The sentence.
        let description: String

        /// A message.
        init(_ description: String) { self.description = description }
    }

    /// Whether `authority` (a `Host` value, `host[:port]`) names one of ``names``: the host compared
    /// case-insensitively as ASCII, otherwise exactly; the port, when there is one, must be decimal digits.
    func allows(authority: Substring) -> Bool {
        guard let host = LoopbackURL.host(ofAuthority: authority) else { return false }
        return names.contains(LoopbackURL.lowercasedASCII(host))
    }

    /// Whether `name` is a bare host name: letters, digits, `-`, `_` and `.` (a DNS name or an IPv4 address),
    /// or hexadecimal digits, `:` and `.` in brackets (an IPv6 address).
    static func isHostName(_ name: Substring) -> Bool {
        let bytes = name.utf8
        if bytes.first == UInt8(ascii: "[") {
            let inside = bytes.dropFirst().dropLast()
            return bytes.count > 2 && bytes.last == UInt8(ascii: "]")
                && inside.allSatisfy { isHexDigit($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".") }
        }
        return !bytes.isEmpty
            && bytes.allSatisfy {
                isLetter($0) || isDigit($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_")
                    || $0 == UInt8(ascii: ".")
            }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
    private static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x66)
    }
}

extension Substring {
    /// The text without leading and trailing ASCII spaces and tabs.
    fileprivate func trimmingASCIISpaces() -> Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return text
    }
}

/// Answers only requests whose `Host` names this server (``AllowedHosts``): a web page that rebinds its own DNS
/// name to 127.0.0.1 sends its own name and gets 421 Misdirected Request, so it cannot read `/metrics` or `/me`,
/// nor mint tokens from the demo. A request with more than one `Host` header gets 400. Used by `demo` and `serve`.
struct HostCheck<Context: RequestContext>: RouterMiddleware {
    /// The names answered.
    let allowed: AllowedHosts

    /// A check answering `allowed`.
    init(_ allowed: AllowedHosts) { self.allowed = allowed }

    func handle(
        _ request: Request, context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        // An HTTP/1 request's first Host header is its authority; any further one stays among the fields.
        if request.headers.contains(where: { $0.name.canonicalName == "host" }) {
            return Self.refusal(.badRequest, "bad_request", "the request has more than one Host header")
        }
        guard let authority = request.head.authority, allowed.allows(authority: Substring(authority)) else {
            return Self.refusal(.misdirectedRequest, "misdirected_request", allowed.reason)
        }
        return try await next(request, context)
    }

    /// A JSON error answer, `{"error":"<code>","reason":"<reason>"}`.
    static func refusal(_ status: HTTPResponse.Status, _ code: String, _ reason: String) -> Response {
        let body = JSONValue.object(["error": .string(code), "reason": .string(reason)]).jsonText
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
