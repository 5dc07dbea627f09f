import Foundation

/// A bounded in-memory denylist of revoked tokens, keyed by `origin_jti` (every token a refresh token minted:
/// the whole session) or `jti` (one token), compared byte for byte. Each entry expires with the tokens it names,
/// so the list holds only what still matters.
///
/// ```swift
/// let denylist = CognitoTokenDenylist()
/// let verifier = try CognitoVerifier(pools: [pool], revocation: denylist)
/// denylist.revoke(claims)  // at sign-out: this token's session, until the token expires
/// ```
///
/// It lives in one process; for several API instances keep the revoked ids in the app's database and implement
/// ``CognitoRevocationCheck`` over that table (see the README's recipe).
public final class CognitoTokenDenylist: CognitoRevocationCheck {
    /// A revoked id, tagged with the claim it is: byte-exact, unlike `String` keys, which compare by canonical
    /// equivalence.
    private struct Key: Hashable, Sendable {
        let claim: UInt8
        let bytes: [UInt8]
    }

    private static let origin: UInt8 = 0
    private static let token: UInt8 = 1

    /// Most entries held; when full, expired entries go first, then the one that expires soonest.
    public let capacity: Int
    private let clock: @Sendable () -> Double
    private let entries = LockedValue<[Key: Double]>([:])

    /// An empty denylist of at most `capacity` entries (default 100,000).
    ///
    /// - Parameters:
    ///   - capacity: most entries held.
    ///   - clock: the current time in seconds since 1970, for dropping expired entries.
    public init(capacity: Int = 100_000, clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.capacity = max(capacity, 1)
        self.clock = clock
    }

    /// Revokes every token with this `origin_jti` until `expiresAt` (seconds since 1970): the latest `exp` of the
    /// tokens minted in that session (Cognito access and ID tokens live at most a day).
    public func revoke(originTokenID: String, until expiresAt: Double) {
        insert(Key(claim: Self.origin, bytes: Array(originTokenID.utf8)), until: expiresAt)
    }

    /// Revokes the one token with this `jti` until `expiresAt`, its `exp`.
    public func revoke(tokenID: String, until expiresAt: Double) {
        insert(Key(claim: Self.token, bytes: Array(tokenID.utf8)), until: expiresAt)
    }

    /// Revokes the session of a verified token (its `origin_jti`, else its `jti`) until the token expires.
    /// Returns `false` when the token carries neither.
    @discardableResult
    public func revoke(_ claims: CognitoClaims) -> Bool {
        if let origin = claims.originTokenID {
            revoke(originTokenID: origin, until: claims.expiresAt)
        } else if let jti = claims.tokenID {
            revoke(tokenID: jti, until: claims.expiresAt)
        } else {
            return false
        }
        return true
    }

    /// Whether `claims`' `origin_jti` or `jti` is revoked at `now`.
    public func isRevoked(_ claims: CognitoClaims, now: Double) async -> Bool {
        contains(claims, now: now)
    }

    /// Whether `claims`' `origin_jti` or `jti` is revoked at `now` (synchronously).
    public func contains(_ claims: CognitoClaims, now: Double) -> Bool {
        let origin = claims.originTokenID.map { Key(claim: Self.origin, bytes: Array($0.utf8)) }
        let token = claims.tokenID.map { Key(claim: Self.token, bytes: Array($0.utf8)) }
        guard origin != nil || token != nil else { return false }
        return entries.withLock { entries in
            for key in [origin, token] {
                if let key, let until = entries[key], until > now { return true }
            }
            return false
        }
    }

    /// The entries held, expired ones included until they are dropped.
    public var count: Int { entries.withLock { $0.count } }

    /// Drops the entries expired at `now`.
    public func removeExpired(now: Double? = nil) {
        let now = now ?? clock()
        entries.withLock { entries in entries = entries.filter { $0.value > now } }
    }

    private func insert(_ key: Key, until expiresAt: Double) {
        let now = clock()
        guard expiresAt.isFinite, expiresAt > now else { return }
        entries.withLock { entries in
            if let held = entries[key] {
                entries[key] = max(held, expiresAt)
                return
            }
            if entries.count >= capacity { entries = entries.filter { $0.value > now } }
            if entries.count >= capacity, let soonest = entries.min(by: { $0.value < $1.value }) {
                entries.removeValue(forKey: soonest.key)
            }
            entries[key] = expiresAt
        }
    }
}
