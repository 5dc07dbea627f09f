import Synchronization

/// The store's bounded in-process cache: users by (issuer, `sub`), each with the attributes it was stored
/// with and the moment it stops being served (a short time-to-live, never past its token's `exp`).
final class CognitoUserCache<User: Sendable>: Sendable {
    /// The issuer's and the `sub`'s UTF-8 bytes, NUL-separated: byte-exact, unlike `String` keys, which treat
    /// canonically equivalent strings as the same.
    struct Key: Hashable, Sendable {
        let bytes: [UInt8]

        init(issuer: String, subject: String) {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(issuer.utf8.count + subject.utf8.count + 1)
            bytes.append(contentsOf: issuer.utf8)
            bytes.append(0)
            bytes.append(contentsOf: subject.utf8)
            self.bytes = bytes
        }
    }

    struct Entry: Sendable {
        let user: User
        let attributes: CognitoUserAttributes
        let expiresAt: Double
    }

    private struct State: ~Copyable {
        var entries: [Key: Entry] = [:]
        var hits = 0
        var misses = 0
    }

    let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int) { self.capacity = max(0, capacity) }

    /// The cached user for `key` when its entry is live at `now` and agrees with `attributes`; counts a hit
    /// or a miss.
    func user(for key: Key, attributes: CognitoUserAttributes, now: Double) -> User? {
        state.withLock { state in
            guard let entry = state.entries[key] else {
                state.misses += 1
                return nil
            }
            guard now < entry.expiresAt, attributes.agrees(with: entry.attributes) else {
                state.entries[key] = nil
                state.misses += 1
                return nil
            }
            state.hits += 1
            return entry.user
        }
    }

    /// Caches `user`; when full, drops expired entries first, then an arbitrary one.
    func insert(_ user: User, attributes: CognitoUserAttributes, for key: Key, expiresAt: Double, now: Double) {
        guard capacity > 0, expiresAt > now else { return }
        state.withLock { state in
            if state.entries[key] == nil && state.entries.count >= capacity {
                state.entries = state.entries.filter { $0.value.expiresAt > now }
                while state.entries.count >= capacity { state.entries.remove(at: state.entries.startIndex) }
            }
            state.entries[key] = Entry(user: user, attributes: attributes, expiresAt: expiresAt)
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
