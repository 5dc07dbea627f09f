/// How a ``CognitoUserStore`` caches users and how often it records `last_seen`.
public struct CognitoUserStoreConfiguration: Sendable, Equatable {
    /// The most users kept in the in-process cache (default 10,000; 0 turns the cache off).
    public var cacheCapacity: Int
    /// How long a cached user is served without asking the database (default 30 s); never past the `exp` of
    /// the token that produced it. After it, one request refreshes the user from the database while the
    /// user's other requests are still served from the cache (for at most 10 s more).
    public var cacheTimeToLive: Duration
    /// How long `last_seen` may lag behind before a request writes it (default 60 s).
    public var lastSeenInterval: Duration
    /// What the store accepts from a token.
    public var limits: CognitoUserAttributeLimits

    /// A configuration with the given values.
    public init(
        cacheCapacity: Int = 10_000, cacheTimeToLive: Duration = .seconds(30),
        lastSeenInterval: Duration = .seconds(60), limits: CognitoUserAttributeLimits = .init()
    ) {
        self.cacheCapacity = cacheCapacity
        self.cacheTimeToLive = cacheTimeToLive
        self.lastSeenInterval = lastSeenInterval
        self.limits = limits
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) / 1e18
    }
}
