/// What a ``CognitoUserStore`` did so far: how many lookups its cache answered, how many went to the database,
/// and how many statements those issued.
public struct CognitoUserStoreStatistics: Sendable, Equatable {
    /// Lookups answered from the cache, with no database round trip.
    public var cacheHits: Int
    /// Lookups that went to the database (first sight, expired or changed attributes).
    public var cacheMisses: Int
    /// Statements issued by the manager's steps (the ready steps count theirs; see
    /// ``CognitoUserContext/recordStatements(_:)``).
    public var databaseStatements: Int
    /// Users in the cache now.
    public var cachedUsers: Int

    /// Statistics with the given values.
    public init(cacheHits: Int = 0, cacheMisses: Int = 0, databaseStatements: Int = 0, cachedUsers: Int = 0) {
        self.cacheHits = cacheHits
        self.cacheMisses = cacheMisses
        self.databaseStatements = databaseStatements
        self.cachedUsers = cachedUsers
    }
}
