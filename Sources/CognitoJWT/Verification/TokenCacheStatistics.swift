/// How the verified-token cache is doing.
public struct TokenCacheStatistics: Sendable, Equatable {
    /// Most entries held (0: the cache is off).
    public let capacity: Int
    /// Entries held now.
    public let entries: Int
    /// Verifications answered from the cache (still re-checked for time, requirements and key).
    public let hits: Int
    /// Verifications that found no entry.
    public let misses: Int

    /// Creates statistics.
    public init(capacity: Int, entries: Int, hits: Int, misses: Int) {
        self.capacity = capacity
        self.entries = entries
        self.hits = hits
        self.misses = misses
    }
}
