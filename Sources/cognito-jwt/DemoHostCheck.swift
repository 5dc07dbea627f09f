import Hummingbird

/// The demo answers only requests addressed to the loopback by name: `Host` `127.0.0.1`, `localhost` or
/// `[::1]` (any port). A web page that rebinds its own DNS name to 127.0.0.1 cannot mint tokens or read
/// `/me`: its requests carry its name and get 421.
struct DemoHostCheck<Context: RequestContext>: RouterMiddleware {
    static var allowedHosts: Set<String> { ["127.0.0.1", "localhost", "[::1]"] }

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let authority = request.head.authority, Self.isAllowed(authority) else {
            return Response(status: .misdirectedRequest, headers: [.contentType: "application/json"],
                            body: ResponseBody(byteBuffer: ByteBuffer(string:
                                #"{"error":"misdirected_request","reason":"the demo answers only Host 127.0.0.1, localhost or [::1]"}"#)))
        }
        return try await next(request, context)
    }

    /// Whether `authority` (`host[:port]`) names the loopback.
    static func isAllowed(_ authority: String) -> Bool {
        let host: Substring
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return false }
            host = authority[...close]
            let rest = authority[authority.index(after: close)...]
            guard rest.isEmpty || (rest.first == ":" && rest.dropFirst().allSatisfy { $0.isASCII && $0.isNumber }) else { return false }
        } else {
            let parts = authority.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            host = parts[0]
            guard parts.count == 1 || (!parts[1].isEmpty && parts[1].allSatisfy { $0.isASCII && $0.isNumber }) else { return false }
        }
        return allowedHosts.contains(host.lowercased())
    }
}
