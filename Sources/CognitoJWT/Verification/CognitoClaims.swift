/// The claims of a verified Cognito token, with typed access to what Cognito puts in ID and access tokens.
///
/// Only tokens that passed every check of ``CognitoVerifier`` become `CognitoClaims`; ``raw`` holds the whole
/// payload for anything not covered here.
public struct CognitoClaims: Sendable {
    /// The whole payload, as sent.
    public let raw: JSONObject
    /// `token_use`: ``TokenUse/id`` or ``TokenUse/access`` (never ``TokenUse/any``).
    public let tokenUse: TokenUse
    /// `exp`, seconds since 1970.
    public let expiresAt: Double
    /// `nbf`, seconds since 1970, if present.
    public let notBefore: Double?
    /// `iat`, seconds since 1970, if present.
    public let issuedAt: Double?
    /// The configured pool that accepted the token, by its canonical identity (``CognitoPool/identity``): the
    /// same for every issuer form and replica region of the pool, so one person is one identity whichever
    /// endpoint they signed in through.
    public let poolIdentity: String

    init(
        raw: JSONObject, tokenUse: TokenUse, expiresAt: Double, notBefore: Double?, issuedAt: Double?,
        poolIdentity: String
    ) {
        self.raw = raw
        self.tokenUse = tokenUse
        self.expiresAt = expiresAt
        self.notBefore = notBefore
        self.issuedAt = issuedAt
        self.poolIdentity = poolIdentity
    }

    /// Whether `cognito:groups` is a list of strings containing `group` (byte for byte).
    public func isMember(of group: String) -> Bool {
        raw.stringArray("cognito:groups", contains: group)
    }

    /// Whether this access token's `scope` (space-separated) contains `scope` (byte for byte); an ID token has none.
    public func hasScope(_ scope: String) -> Bool {
        guard tokenUse == .access, !scope.isEmpty else { return false }
        return raw.withScalarBytes("scope") { value in
            guard case .string(let list) = value else { return false }
            var start = 0
            while start < list.count {
                var stop = start
                while stop < list.count && list[stop] != 0x20 { stop += 1 }
                if UnsafeRawBufferPointer(rebasing: list[start..<stop]).bytesEqual(scope) { return true }
                start = stop + 1
            }
            return false
        }
    }

    /// The access token's `scope`, split on spaces; empty for ID tokens.
    public var scopes: [String] {
        guard tokenUse == .access, case .string(let list) = raw["scope"] else { return [] }
        return list.split(separator: " ").map(String.init)
    }

    /// `sub`: the user's stable id (for client-credentials tokens, the app client id).
    public var subject: String? { raw["sub"]?.stringValue }
    /// `iss`.
    public var issuer: String? { raw["iss"]?.stringValue }
    /// The user name: `username` in access tokens, `cognito:username` in ID tokens (`username` in an ALB data
    /// token, which has no `cognito:username`); `nil` for
    /// client-credentials tokens.
    public var username: String? {
        (tokenUse == .access ? raw["username"] : raw["cognito:username"] ?? raw["username"])?.stringValue
    }
    /// The app client the token was issued to: `client_id` (access) or `aud` (ID).
    public var clientID: String? { (tokenUse == .access ? raw["client_id"] : raw["aud"])?.stringValue }
    /// `aud` (ID tokens only).
    public var audience: String? { raw["aud"]?.stringValue }
    /// `cognito:groups`, or empty (also when it is not a list of strings).
    public var groups: [String] { raw["cognito:groups"]?.stringArrayValue ?? [] }
    /// `email`, if present.
    public var email: String? { raw["email"]?.stringValue }
    /// `email_verified`: a JSON boolean, or the strings `"true"`/`"false"` some emulators send.
    public var emailVerified: Bool? {
        switch raw["email_verified"] {
        case .bool(let b): return b
        case .string(let s) where s == "true": return true
        case .string(let s) where s == "false": return false
        default: return nil
        }
    }
    /// `auth_time`, seconds since 1970: when the user last signed in (step-up authentication).
    public var authTime: Double? { raw["auth_time"]?.doubleValue }
    /// `acr`: the authentication context class, e.g. `urn:cognito:loa:3`.
    public var acr: String? { raw["acr"]?.stringValue }
    /// `amr`: the authentication methods, e.g. `["pwd", "otp", "mfa"]`; empty when absent or not a list of
    /// strings.
    public var amr: [String] { raw["amr"]?.stringArrayValue ?? [] }
    /// `cognito:roles`: the IAM role ARNs of the user's groups; empty when absent or not a list of strings.
    public var roles: [String] { raw["cognito:roles"]?.stringArrayValue ?? [] }
    /// `cognito:preferred_role`: the IAM role ARN of the user's highest-precedence group.
    public var preferredRole: String? { raw["cognito:preferred_role"]?.stringValue }
    /// `jti`.
    public var tokenID: String? { raw["jti"]?.stringValue }
    /// `origin_jti`.
    public var originTokenID: String? { raw["origin_jti"]?.stringValue }
    /// `event_id`.
    public var eventID: String? { raw["event_id"]?.stringValue }
    /// Whether this is a machine-to-machine (client-credentials) access token: an access token without a user.
    public var isClientCredentials: Bool { tokenUse == .access && raw["username"] == nil }
    /// The `custom:*` attributes, keyed without the `custom:` prefix.
    public var customAttributes: [String: JSONValue] {
        var result: [String: JSONValue] = [:]
        for member in raw.members where member.name.utf8.starts(with: "custom:".utf8) {
            result[String(decoding: member.name.utf8.dropFirst(7), as: UTF8.self)] = member.value
        }
        return result
    }
    /// A custom claim, as its JSON value, without loss (a number keeps its literal, an object its members):
    /// the claim `name` that pre token generation added (`tenant`), else the user attribute `custom:<name>`.
    ///
    /// ```swift
    /// claims.custom("tenant")?.stringValue        // "acme"
    /// claims.custom("limits")?.objectValue        // {"orders": 10}
    /// claims.custom("beta")?.boolValue            // true
    /// claims.custom("limits")?.jsonText           // the JSON text
    /// ```
    public func custom(_ name: String) -> JSONValue? {
        raw[name] ?? raw["custom:" + name]
    }

    /// The claim named `name`, byte for byte, as its JSON value.
    public subscript(name: String) -> JSONValue? { raw[name] }
}
