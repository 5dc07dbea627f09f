/// Where a cached entry's objects lie in memory, so that a shard can prefetch them while a verification's RSA check
/// runs, before evicting the entry touches them.
///
/// Evicting releases the token and the claims and frees the claims' memory, which the next verification's claims
/// then reuse. In a full cache these were last used thousands of verifications ago; prefetched ahead, the eviction
/// and the next insert find them in the cache instead of waiting for memory. The addresses are hints: nothing is
/// ever read or written through them.
struct VerifiedTokenCacheEvictionHint {
    /// Where the token's bytes start.
    let token: UnsafeRawPointer?
    /// The first byte prefetched for the claims: their allocation's header.
    let claims: UnsafeRawPointer?
    /// How many cache lines from ``claims`` on are prefetched.
    let claimsLines: Int

    /// The token's object header and the claims' whole allocation (with the allocator's headers around it).
    init(_ key: VerifiedTokenCache.TokenKey, _ entry: VerifiedTokenCache.Entry) {
        token = key.token.utf8.withContiguousStorageIfAvailable { UnsafeRawPointer($0.baseAddress) } ?? nil
        guard case .parsed(let members) = entry.claims.raw.storage else {
            (claims, claimsLines) = (nil, 0)
            return
        }
        let memory = members.memory
        claims = memory.address - Self.allocatorHeader
        claimsLines = (memory.byteCount + 2 * Self.allocatorHeader + Prefetch.lineSize - 1) / Prefetch.lineSize
    }

    /// Bytes the allocator keeps before an allocation (and before the next one, read when this one is freed).
    private static let allocatorHeader = 16
    /// Where a native string's bytes start, past its object header.
    private static let stringHeader = 32

    /// Asks for the entry's memory to be brought into the cache.
    func prefetch() {
        if let token { Prefetch.forWriting(token - Self.stringHeader, lines: 1) }
        if let claims { Prefetch.forWriting(claims, lines: claimsLines) }
    }
}
