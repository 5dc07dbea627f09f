import CognitoJWT

/// Why ``CognitoUserStore`` could not give the caller's user: claims it will not store (a 4xx), the database
/// unavailable (503), or a user the app's ``CognitoUserManager`` refused.
///
/// The message names claims and rules, never a claim's value or the token. ``httpStatus`` and ``jsonBody`` are
/// the answer an adapter gives; conform the error to your framework's HTTP error protocol to use them.
public struct CognitoUserStoreError: CognitoHTTPAnswerError, CustomStringConvertible {
    /// The kinds of failure.
    public enum Kind: Sendable, Equatable {
        /// A claim cannot be stored (NUL, too long, groups not a list of strings, no `sub`): 400.
        case invalidClaim
        /// The database failed or cannot be reached: 503.
        case unavailable
        /// The app's manager refused the user, with its own status.
        case refused
    }

    /// What went wrong.
    public let kind: Kind
    /// The HTTP status to answer with: 400, 503, or the manager's.
    public let httpStatus: Int
    /// A stable code: `invalid_claim`, `user_store_unavailable`, or the manager's.
    public let code: String
    /// A sentence for people: which claim and which rule, or what was unavailable.
    public let reason: String
    /// The database's own error, for logs (``Kind/unavailable`` only).
    public let underlying: (any Error)?

    /// An error with every field given.
    public init(kind: Kind, httpStatus: Int, code: String, reason: String, underlying: (any Error)? = nil) {
        self.kind = kind
        self.httpStatus = httpStatus
        self.code = code
        self.reason = reason
        self.underlying = underlying
    }

    /// The claim `claim` breaks a rule (`problem`, e.g. "contains a control character"): 400 `invalid_claim`.
    public static func invalidClaim(_ claim: String, _ problem: String) -> CognitoUserStoreError {
        CognitoUserStoreError(
            kind: .invalidClaim, httpStatus: 400, code: "invalid_claim",
            reason: "the token's claim \(claim) \(problem)")
    }

    /// The database failed: 503 `user_store_unavailable`.
    public static func unavailable(_ underlying: (any Error)?) -> CognitoUserStoreError {
        CognitoUserStoreError(
            kind: .unavailable, httpStatus: 503, code: "user_store_unavailable",
            reason: "the user store is unavailable; try again later", underlying: underlying)
    }

    /// The app's manager refuses this user (for example 403 `user_disabled`).
    public static func refused(status: Int, code: String, reason: String) -> CognitoUserStoreError {
        CognitoUserStoreError(kind: .refused, httpStatus: status, code: code, reason: reason)
    }

    /// The answer's body: `{"error":"<code>","reason":"<reason>"}`.
    public var jsonBody: String {
        "{\"error\":\"\(Self.escaped(code))\",\"reason\":\"\(Self.escaped(reason))\"}"
    }

    /// `<code>: <reason>`.
    public var description: String { "\(code): \(reason)" }

    /// `text` as the inside of a JSON string.
    static func escaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20:
                out += "\\u00" + String(scalar.value >> 4, radix: 16) + String(scalar.value & 0xF, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
