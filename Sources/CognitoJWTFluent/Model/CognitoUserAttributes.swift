import CognitoJWT

/// The user attributes of verified claims, checked and ready to be stored: the pool and the user's `sub` (the
/// user's key), the issuer the token came through, the username, email and groups the token carries, and when
/// the token was issued.
///
/// An attribute the token does not carry is `nil` (an access token has no `email`): it is left as stored, not
/// erased. Groups are always carried: a token without `cognito:groups` is in no group.
public struct CognitoUserAttributes: Sendable {
    /// The canonical identity of the pool that accepted the token (``CognitoJWT/CognitoClaims/poolIdentity``: the
    /// user pool id for AWS Cognito), part of the user's key: the same for every issuer form and replica region
    /// of the pool, and different for two pools that reuse a `sub`.
    public let pool: String
    /// `iss`: the issuer the token came through (either issuer form, any replica region of ``pool``).
    public let issuer: String
    /// `sub`: the user's id in the pool.
    public let subject: String
    /// `cognito:username` (ID token) or `username` (access token).
    public let username: String?
    /// `email` (ID tokens only).
    public let email: String?
    /// `email_verified` (ID tokens only).
    public let emailVerified: Bool?
    /// `cognito:groups`, in the token's order.
    public let groups: [String]
    /// When the token carrying these attributes was issued: `iat`, else `auth_time` (seconds since 1970); `nil`
    /// when it has neither. Attributes are stored only from a token at least as new as the stored ones
    /// (``isAtLeastAsNew(as:)``).
    public let issuedAt: Double?

    /// Attributes given explicitly (already checked by the caller); `pool` defaults to the pool of `issuer`
    /// (``CognitoJWT/CognitoPool/identity(ofIssuer:)``).
    public init(
        issuer: String, subject: String, username: String?, email: String?, emailVerified: Bool?,
        groups: [String], pool: String? = nil, issuedAt: Double? = nil
    ) {
        self.pool = pool ?? CognitoPool.identity(ofIssuer: issuer)
        self.issuer = issuer
        self.subject = subject
        self.username = username
        self.email = email
        self.emailVerified = emailVerified
        self.groups = groups
        self.issuedAt = issuedAt.flatMap { $0.isFinite ? $0 : nil }
    }

    /// The attributes of `claims`, checked against `limits`.
    ///
    /// - Throws: ``CognitoUserStoreError`` (400 `invalid_claim`) when `iss` or `sub` is missing, a text
    ///   attribute is not a string, contains NUL or another control character, or is longer than the limit,
    ///   or when `cognito:groups` is not a list of strings. The error names the claim, never its value.
    public init(claims: CognitoClaims, limits: CognitoUserAttributeLimits = .init()) throws(CognitoUserStoreError) {
        guard let issuer = try Self.text(claims["iss"], claim: "iss", limits: limits) else {
            throw .invalidClaim("iss", "is missing")
        }
        guard let subject = try Self.text(claims["sub"], claim: "sub", limits: limits), !subject.isEmpty else {
            throw .invalidClaim("sub", "is missing or empty")
        }
        let usernameClaim = claims.tokenUse == .access ? "username" : "cognito:username"
        let username = try Self.text(claims[usernameClaim], claim: usernameClaim, limits: limits)
        let email = try Self.text(claims["email"], claim: "email", limits: limits)
        var groups: [String] = []
        switch claims["cognito:groups"] {
        case nil, .null?:
            break
        case .array(let elements)?:
            guard elements.count <= limits.maximumGroups else {
                throw .invalidClaim("cognito:groups", "has more than \(limits.maximumGroups) groups")
            }
            groups.reserveCapacity(elements.count)
            for element in elements {
                guard case .string = element,
                    let group = try Self.text(element, claim: "cognito:groups", limits: limits)
                else {
                    throw .invalidClaim("cognito:groups", "is not a list of strings")
                }
                groups.append(group)
            }
        default:
            throw .invalidClaim("cognito:groups", "is not a list of strings")
        }
        self.init(
            issuer: issuer, subject: subject, username: username, email: email,
            emailVerified: claims.emailVerified, groups: groups, pool: claims.poolIdentity,
            issuedAt: claims.issuedAt ?? claims.authTime)
    }

    /// A checked text claim: `nil` when absent (or JSON `null`).
    static func text(
        _ value: JSONValue?, claim: String, limits: CognitoUserAttributeLimits
    ) throws(CognitoUserStoreError) -> String? {
        switch value {
        case nil, .null?:
            return nil
        case .string(let text)?:
            guard text.utf8.count <= limits.maximumTextBytes else {
                throw .invalidClaim(claim, "is longer than \(limits.maximumTextBytes) bytes")
            }
            if text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
                throw .invalidClaim(claim, "contains a control character")
            }
            return text
        default:
            throw .invalidClaim(claim, "is not a string")
        }
    }

    /// Whether a stored user with attributes `stored` already agrees with these (byte for byte): the same pool,
    /// `sub`, issuer and groups, and the same username, email and verification wherever this token carries them.
    /// When they were issued is not compared.
    public func agrees(with stored: CognitoUserAttributes) -> Bool {
        Self.same(pool, stored.pool) && Self.same(subject, stored.subject) && Self.same(issuer, stored.issuer)
            && (username == nil || Self.same(username, stored.username))
            && (email == nil || Self.same(email, stored.email))
            && (emailVerified == nil || emailVerified == stored.emailVerified)
            && groups.count == stored.groups.count
            && zip(groups, stored.groups).allSatisfy { Self.same($0, $1) }
    }

    /// Whether these attributes may replace `stored`: their token was issued no earlier than the one `stored`
    /// came from. Stored attributes with no issue time yield to any token; a token with no issue time yields to
    /// stored attributes that have one.
    public func isAtLeastAsNew(as stored: CognitoUserAttributes) -> Bool {
        guard let recorded = stored.issuedAt else { return true }
        guard let issuedAt else { return false }
        return issuedAt >= recorded
    }

    /// Whether their token was issued strictly later than the one `stored` came from.
    func isNewer(than stored: CognitoUserAttributes) -> Bool {
        guard let issuedAt else { return false }
        guard let recorded = stored.issuedAt else { return true }
        return issuedAt > recorded
    }

    /// `stored`, with what these attributes carry written over it (their pool, issuer and issue time included).
    /// Use it only when ``isAtLeastAsNew(as:)``: an older token's attributes never replace newer ones.
    public func applied(to stored: CognitoUserAttributes) -> CognitoUserAttributes {
        CognitoUserAttributes(
            issuer: issuer, subject: subject, username: username ?? stored.username,
            email: email ?? stored.email, emailVerified: emailVerified ?? stored.emailVerified,
            groups: groups, pool: pool, issuedAt: issuedAt ?? stored.issuedAt)
    }

    /// These attributes, issued at `issuedAt`.
    func issued(at issuedAt: Double?) -> CognitoUserAttributes {
        CognitoUserAttributes(
            issuer: issuer, subject: subject, username: username, email: email, emailVerified: emailVerified,
            groups: groups, pool: pool, issuedAt: issuedAt)
    }

    /// Byte-exact string equality (Swift's `==` treats canonically equivalent strings as equal).
    static func same(_ a: String?, _ b: String?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case (let a?, let b?): return a.utf8.elementsEqual(b.utf8)
        default: return false
        }
    }
}
