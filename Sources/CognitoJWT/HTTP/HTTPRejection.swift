/// How an HTTP API answers a request it will not serve, shared by the framework adapters so that both give
/// the same statuses, `WWW-Authenticate` headers (RFC 6750) and JSON bodies.
public struct HTTPRejection: Sendable, Equatable {
    /// The HTTP status: 401, 403 or 503.
    public let status: Int
    /// The `WWW-Authenticate` value, when the status calls for one.
    public let wwwAuthenticate: String?
    /// The small JSON body, e.g. `{"error":"invalid_token","reason":"expired"}`.
    public let body: String
    /// The stable reason code of the body: a ``CognitoJWTError/Code`` raw value, `missing_token` or
    /// `unknown_user`.
    public let reason: String

    /// The `realm` of `WWW-Authenticate` challenges unless an app names its own.
    public static let defaultRealm = "api"

    /// A protected route reached without any bearer token: 401 with a bare `Bearer realm` challenge.
    public static func missingToken(realm: String) -> HTTPRejection {
        HTTPRejection(
            status: 401, wwwAuthenticate: "Bearer realm=\"\(quoted(realm))\"",
            body: #"{"error":"invalid_request","reason":"missing_token"}"#, reason: "missing_token")
    }

    /// A bearer header that could not be read (empty, spaces, control characters, too long): 401.
    public static func unreadableHeader(realm: String) -> HTTPRejection {
        HTTPRejection(
            status: 401,
            wwwAuthenticate:
                "Bearer realm=\"\(quoted(realm))\", error=\"invalid_token\", error_description=\"malformed\"",
            body: #"{"error":"invalid_token","reason":"malformed"}"#, reason: "malformed")
    }

    /// The answer to a rejected token: 401 `invalid_token`, 403 for a missing group (`insufficient_scope` for a
    /// missing scope), 401 `insufficient_user_authentication` (RFC 9470) for unmet step-up requirements, 503 when
    /// the JWKS or the revocation check cannot be had.
    ///
    /// - Parameters:
    ///   - error: why the token was refused.
    ///   - requirements: the route's requirements, whose `acr` values and maximum age an
    ///     `insufficient_user_authentication` challenge names (`acr_values`, `max_age`).
    ///   - realm: the challenge's realm.
    public init(_ error: CognitoJWTError, requirements: CognitoRequirements = .none, realm: String) {
        let code = error.code.rawValue
        switch error.code {
        case .insufficientUserAuthentication:
            self.init(
                status: 401, wwwAuthenticate: Self.stepUpChallenge(requirements, realm: realm),
                body: #"{"error":"insufficient_user_authentication","reason":"\#(code)"}"#, reason: code)
        case .jwksUnavailable, .revocationUnavailable:
            self.init(
                status: 503, wwwAuthenticate: nil,
                body: #"{"error":"temporarily_unavailable","reason":"\#(code)"}"#, reason: code)
        case .missingScope:
            self.init(
                status: 403,
                wwwAuthenticate:
                    "Bearer realm=\"\(Self.quoted(realm))\", error=\"insufficient_scope\", error_description=\"\(code)\"",
                body: #"{"error":"insufficient_scope","reason":"\#(code)"}"#, reason: code)
        case .missingGroup:
            self.init(
                status: 403, wwwAuthenticate: nil, body: #"{"error":"forbidden","reason":"\#(code)"}"#,
                reason: code)
        default:
            self.init(
                status: 401,
                wwwAuthenticate:
                    "Bearer realm=\"\(Self.quoted(realm))\", error=\"invalid_token\", error_description=\"\(code)\"",
                body: #"{"error":"invalid_token","reason":"\#(code)"}"#, reason: code)
        }
    }

    /// The user-mapping hook returned no user: 401.
    public static func unknownUser(realm: String) -> HTTPRejection {
        HTTPRejection(
            status: 401,
            wwwAuthenticate:
                "Bearer realm=\"\(quoted(realm))\", error=\"invalid_token\", error_description=\"unknown_user\"",
            body: #"{"error":"invalid_token","reason":"unknown_user"}"#, reason: "unknown_user")
    }

    init(status: Int, wwwAuthenticate: String?, body: String, reason: String) {
        self.status = status
        self.wwwAuthenticate = wwwAuthenticate
        self.body = body
        self.reason = reason
    }

    /// RFC 9470's challenge: `error="insufficient_user_authentication"`, with the route's `acr` values
    /// (space-separated) and maximum age in whole seconds, when it has them.
    static func stepUpChallenge(_ requirements: CognitoRequirements, realm: String) -> String {
        var challenge =
            "Bearer realm=\"\(quoted(realm))\", error=\"insufficient_user_authentication\", "
            + "error_description=\"A different authentication level is required\""
        if !requirements.anyOfACR.isEmpty {
            challenge += ", acr_values=\"\(quoted(requirements.anyOfACR.joined(separator: " ")))\""
        }
        if let maxAge = requirements.maxAge {
            challenge += ", max_age=\"\(max(0, maxAge.components.seconds))\""
        }
        return challenge
    }

    /// Escapes `"` and `\` for a quoted-string.
    static func quoted(_ text: String) -> String {
        var out = ""
        for c in text.unicodeScalars where c.value >= 0x20 && c.value != 0x7F {
            if c == "\"" || c == "\\" { out += "\\" }
            out.unicodeScalars.append(c)
        }
        return out
    }
}
