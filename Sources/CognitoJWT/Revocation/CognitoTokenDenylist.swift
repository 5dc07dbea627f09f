import Foundation

/// A bounded in-memory denylist of revoked tokens, keyed by `origin_jti` (every token a refresh token minted:
/// the whole session) or `jti` (one token), compared byte for byte. Each entry expires with the tokens it names,
/// so the list holds only what still matters.
///
/// ```swift
/// let denylist = CognitoTokenDenylist()
/// let verifier = try CognitoVerifier(pools: [pool], revocation: denylist)
/// try denylist.revoke(claims)  // at sign-out: this token's session, until the token expires
/// ```
///
/// When full it fails closed: it never drops an entry before it expires. A revocation that finds no room once the
/// expired entries are gone is not recorded and throws ``Full``; from then on ``isRevoked(_:now:)`` throws too, so
/// the verifier refuses every token it does not find revoked as `revocation_unavailable` (503), until expiring
/// entries make room again. The list never grows beyond ``capacity``. Entries sit in a min-heap by expiry: a
/// revocation or a lookup costs O(log n) at most, and expired entries are dropped from the heap's top, never by
/// scanning the list.
///
/// It lives in one process; for several API instances keep the revoked ids in the app's database and implement
/// ``CognitoRevocationCheck`` over that table (see the README's recipe).
public final class CognitoTokenDenylist: CognitoRevocationCheck {
    /// Why a revocation was not recorded: the denylist holds ``capacity`` unexpired entries.
    public struct Full: Error, Sendable, CustomStringConvertible {
        /// The capacity of the denylist that refused it.
        public let capacity: Int

        /// A one-line description naming the capacity.
        public var description: String { "the token denylist is full (\(capacity) unexpired revocations)" }
    }

    /// A revoked id, tagged with the claim it is: byte-exact, unlike `String` keys, which compare by canonical
    /// equivalence.
    private struct Key: Hashable, Sendable {
        let claim: UInt8
        let bytes: [UInt8]
    }

    private static let origin: UInt8 = 0
    private static let token: UInt8 = 1

    /// The entries, and whether a revocation was refused since the list last had room.
    private struct State: Sendable {
        var entries = ExpiryHeap<Key>()
        var refusing = false

        /// Drops the entries expired at `now`; the refusal ends when that makes room.
        mutating func purge(now: Double, capacity: Int) {
            while let soonest = entries.soonest, soonest <= now { entries.removeSoonest() }
            if refusing && entries.count < capacity { refusing = false }
        }
    }

    /// Most entries held. When full of unexpired entries, a new revocation throws ``Full`` and lookups throw
    /// until some expire.
    public let capacity: Int
    private let clock: @Sendable () -> Double
    private let state = LockedValue(State())

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
    /// tokens minted in that session (Cognito access and ID tokens live at most a day). An infinite expiry, or one
    /// that is not a number, holds for as long as the process runs; one already past records nothing.
    ///
    /// - Throws: ``Full`` when the list holds ``capacity`` unexpired entries: nothing was recorded.
    public func revoke(originTokenID: String, until expiresAt: Double) throws(Full) {
        try insert(Key(claim: Self.origin, bytes: Array(originTokenID.utf8)), until: expiresAt)
    }

    /// Revokes the one token with this `jti` until `expiresAt`, its `exp`.
    ///
    /// - Throws: ``Full`` when the list holds ``capacity`` unexpired entries: nothing was recorded.
    public func revoke(tokenID: String, until expiresAt: Double) throws(Full) {
        try insert(Key(claim: Self.token, bytes: Array(tokenID.utf8)), until: expiresAt)
    }

    /// Revokes the session of a verified token (its `origin_jti`, else its `jti`) until the token expires.
    /// Returns `false` when the token carries neither.
    ///
    /// - Throws: ``Full`` when the list holds ``capacity`` unexpired entries: nothing was recorded.
    @discardableResult
    public func revoke(_ claims: CognitoClaims) throws(Full) -> Bool {
        if let origin = claims.originTokenID {
            try revoke(originTokenID: origin, until: claims.expiresAt)
        } else if let jti = claims.tokenID {
            try revoke(tokenID: jti, until: claims.expiresAt)
        } else {
            return false
        }
        return true
    }

    /// Whether `claims`' `origin_jti` or `jti` is revoked at `now`.
    ///
    /// - Throws: ``Full`` when it holds no such entry but refused a revocation since it last had room: that
    ///   revocation could have named this token.
    public func isRevoked(_ claims: CognitoClaims, now: Double) async throws -> Bool {
        let keys = Self.keys(of: claims)
        let capacity = capacity
        let clock = clock
        return try state.withLock { state throws(Full) -> Bool in
            if Self.holds(keys, in: state.entries, at: now) { return true }
            guard state.refusing else { return false }
            state.purge(now: clock(), capacity: capacity)
            if state.refusing { throw Full(capacity: capacity) }
            return false
        }
    }

    /// Whether an entry held for `claims`' `origin_jti` or `jti` is in force at `now` (synchronously). Unlike
    /// ``isRevoked(_:now:)`` it does not report refused revocations.
    public func contains(_ claims: CognitoClaims, now: Double) -> Bool {
        let keys = Self.keys(of: claims)
        guard keys.origin != nil || keys.token != nil else { return false }
        return state.withLock { Self.holds(keys, in: $0.entries, at: now) }
    }

    /// The entries held, expired ones included until they are dropped.
    public var count: Int { state.withLock { $0.entries.count } }

    /// Drops the entries expired at `now` (default: the clock's time).
    public func removeExpired(now: Double? = nil) {
        let now = now ?? clock()
        let capacity = capacity
        state.withLock { $0.purge(now: now, capacity: capacity) }
    }

    private static func keys(of claims: CognitoClaims) -> (origin: Key?, token: Key?) {
        (
            claims.originTokenID.map { Key(claim: origin, bytes: Array($0.utf8)) },
            claims.tokenID.map { Key(claim: token, bytes: Array($0.utf8)) }
        )
    }

    private static func holds(_ keys: (origin: Key?, token: Key?), in entries: ExpiryHeap<Key>, at now: Double) -> Bool
    {
        for key in [keys.origin, keys.token] {
            if let key, let until = entries.expiry(of: key), until > now { return true }
        }
        return false
    }

    private func insert(_ key: Key, until expiresAt: Double) throws(Full) {
        let now = clock()
        // An expiry that is not a number never means "not revoked": it holds, like infinity, until removed.
        let expiresAt = expiresAt.isNaN ? .infinity : expiresAt
        guard expiresAt > now else { return }
        let capacity = capacity
        try state.withLock { state throws(Full) in
            state.purge(now: now, capacity: capacity)
            if state.entries.extend(key, to: expiresAt) { return }
            guard state.entries.count < capacity else {
                state.refusing = true
                throw Full(capacity: capacity)
            }
            state.entries.insert(key, expiresAt: expiresAt)
        }
    }
}

/// Keys with an expiry each, in a binary min-heap by expiry with each key's position indexed: the soonest expiry
/// in O(1), insertion, removal of the soonest and a later expiry for a held key in O(log n).
struct ExpiryHeap<Key: Hashable & Sendable>: Sendable {
    private struct Entry: Sendable {
        let key: Key
        var expiresAt: Double
    }

    private var heap: [Entry] = []
    private var positions: [Key: Int] = [:]

    /// The keys held.
    var count: Int { heap.count }

    /// The soonest expiry held.
    var soonest: Double? { heap.first?.expiresAt }

    /// The expiry of `key`, when held.
    func expiry(of key: Key) -> Double? {
        positions[key].map { heap[$0].expiresAt }
    }

    /// Adds `key`, which must not be held yet.
    mutating func insert(_ key: Key, expiresAt: Double) {
        heap.append(Entry(key: key, expiresAt: expiresAt))
        positions[key] = heap.count - 1
        siftUp(heap.count - 1)
    }

    /// Moves a held `key`'s expiry to `expiresAt` when that is later; `false` when `key` is not held.
    mutating func extend(_ key: Key, to expiresAt: Double) -> Bool {
        guard let position = positions[key] else { return false }
        if expiresAt > heap[position].expiresAt {
            heap[position].expiresAt = expiresAt
            siftDown(position)
        }
        return true
    }

    /// Removes the entry that expires soonest.
    mutating func removeSoonest() {
        guard !heap.isEmpty else { return }
        swapEntries(0, heap.count - 1)
        positions[heap.removeLast().key] = nil
        if !heap.isEmpty { siftDown(0) }
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].expiresAt < heap[parent].expiresAt else { return }
            swapEntries(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            guard left < heap.count else { return }
            let right = left + 1
            let child = right < heap.count && heap[right].expiresAt < heap[left].expiresAt ? right : left
            guard heap[child].expiresAt < heap[parent].expiresAt else { return }
            swapEntries(child, parent)
            parent = child
        }
    }

    private mutating func swapEntries(_ i: Int, _ j: Int) {
        guard i != j else { return }
        heap.swapAt(i, j)
        positions[heap[i].key] = i
        positions[heap[j].key] = j
    }
}
