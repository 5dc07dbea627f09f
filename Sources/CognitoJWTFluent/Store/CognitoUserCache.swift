import CognitoJWT

/// The store's bounded in-process cache: users by (pool, `sub`), each with the attributes it was stored
/// with, the end of its time-to-live, and its token's `exp`, past which it is never served.
///
/// Once the time-to-live has passed, one request is sent to the database to refresh the entry while the others
/// are still served from it, for at most ``refreshWindow``, so a busy user costs one round trip per
/// time-to-live, not one per concurrent request.
final class CognitoUserCache<User: Sendable>: Sendable {
    /// The pool identity's and the `sub`'s UTF-8 bytes, NUL-separated: byte-exact, unlike `String` keys, which
    /// treat canonically equivalent strings as the same.
    struct Key: Hashable, Sendable {
        let bytes: [UInt8]

        init(pool: String, subject: String) {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(pool.utf8.count + subject.utf8.count + 1)
            bytes.append(contentsOf: pool.utf8)
            bytes.append(0)
            bytes.append(contentsOf: subject.utf8)
            self.bytes = bytes
        }
    }

    struct Entry: Sendable {
        let user: User
        /// The stored attributes, issued at the newest issue time of the tokens the entry served.
        var attributes: CognitoUserAttributes
        /// The end of the time-to-live.
        let freshUntil: Double
        /// The `exp` of the token that produced the entry.
        let expiresAt: Double
        /// Until when the request refreshing the entry may take; `nil` while none is.
        var refreshingUntil: Double?
    }

    /// How long the others are served while one request refreshes an entry (seconds).
    static var refreshWindow: Double { 10 }

    private struct State: Sendable {
        var entries: [Key: Entry] = [:]
        var hits = 0
        var misses = 0
    }

    let capacity: Int
    private let state = LockedValue(State())

    init(capacity: Int) { self.capacity = max(0, capacity) }

    /// The cached user for `key` when its entry agrees with `attributes` (or `attributes` come from a token
    /// older than the entry's, which may not change it) and its token has not expired, and it is fresh or being
    /// refreshed by another request; `nil` sends the caller to the database (a miss): no entry, a changed
    /// attribute in a token at least as new, an expired token, or the caller is the one to refresh it.
    func user(for key: Key, attributes: CognitoUserAttributes, now: Double) -> User? {
        state.withLock { state in
            guard var entry = state.entries[key] else {
                state.misses += 1
                return nil
            }
            let older = !attributes.isAtLeastAsNew(as: entry.attributes)
            guard now < entry.expiresAt, older || attributes.agrees(with: entry.attributes) else {
                state.entries[key] = nil
                state.misses += 1
                return nil
            }
            if attributes.isNewer(than: entry.attributes) {
                entry.attributes = entry.attributes.issued(at: attributes.issuedAt)
                state.entries[key] = entry
            }
            if now < entry.freshUntil || (entry.refreshingUntil.map { now < $0 } ?? false) {
                state.hits += 1
                return entry.user
            }
            entry.refreshingUntil = now + Self.refreshWindow
            state.entries[key] = entry
            state.misses += 1
            return nil
        }
    }

    /// Caches `user`, fresh until `freshUntil`; when full, drops expired entries first, then an arbitrary one.
    func insert(
        _ user: User, attributes: CognitoUserAttributes, for key: Key, freshUntil: Double, expiresAt: Double,
        now: Double
    ) {
        guard capacity > 0, expiresAt > now, freshUntil > now else { return }
        state.withLock { state in
            if state.entries[key] == nil && state.entries.count >= capacity {
                state.entries = state.entries.filter { $0.value.expiresAt > now }
                while state.entries.count >= capacity { state.entries.remove(at: state.entries.startIndex) }
            }
            state.entries[key] = Entry(
                user: user, attributes: attributes, freshUntil: freshUntil,
                expiresAt: expiresAt, refreshingUntil: nil)
        }
    }

    /// The refresh of `key` failed: the next request after the time-to-live tries again.
    func refreshFailed(_ key: Key) {
        state.withLock { state in
            guard var entry = state.entries[key], entry.refreshingUntil != nil else { return }
            entry.refreshingUntil = nil
            state.entries[key] = entry
        }
    }

    /// Forgets `key`.
    func remove(_ key: Key) { state.withLock { _ = $0.entries.removeValue(forKey: key) } }

    /// Forgets everyone.
    func removeAll() { state.withLock { $0.entries.removeAll() } }

    /// Hits, misses and size.
    var counts: (hits: Int, misses: Int, count: Int) {
        state.withLock { ($0.hits, $0.misses, $0.entries.count) }
    }
}
