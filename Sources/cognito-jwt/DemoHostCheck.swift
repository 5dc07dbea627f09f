import CognitoJWT
import Hummingbird

/// The demo answers only requests addressed to the loopback by name: `Host` `127.0.0.1`, `localhost` or
/// `[::1]` (any port). A web page that rebinds its own DNS name to 127.0.0.1 cannot mint tokens or read
/// `/me`: its requests carry its name and get 421.
struct DemoHostCheck<Context: RequestContext>: RouterMiddleware {
    static var allowedHosts: Set<String> { ["127.0.0.1", "localhost", "[::1]"] }

    func handle(
        _ request: Request, context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let authority = request.head.authority, Self.isAllowed(authority) else {
            return Response(
                status: .misdirectedRequest, headers: [.contentType: "application/json"],
                body: ResponseBody(
                    byteBuffer: ByteBuffer(
                        string:
                            #"{"error":"misdirected_request","reason":"the demo answers only Host 127.0.0.1, localhost or [::1]"}"#
                    )))
        }
        return try await next(request, context)
    }

    /// Whether `authority` (`host[:port]`) names the loopback by one of ``allowedHosts``.
    static func isAllowed(_ authority: String) -> Bool {
        LoopbackURL.host(ofAuthority: Substring(authority)).map(allowedHosts.contains) ?? false
    }
}
