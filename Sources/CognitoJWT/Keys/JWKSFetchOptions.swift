/// Limits applied whenever a JWKS is fetched.
public struct JWKSFetchOptions: Sendable {
    /// Overall deadline for one fetch: connect, headers and body together.
    public var timeout: Duration
    /// Deadline for establishing the connection.
    public var connectTimeout: Duration
    /// Largest JWKS document accepted, in bytes.
    public var maximumBodySize: Int
    /// After a fetch triggered by an unknown `kid` did not contain it, no new fetch for that key set for this long.
    public var cooldown: Duration
    /// After a failed fetch, no new fetch for this long; it doubles with each further failure.
    public var failureBackoff: Duration
    /// The longest back-off after failed fetches.
    public var maximumFailureBackoff: Duration

    /// Defaults: 5 s overall, 2 s to connect, 1 MiB, 10 s cool-down, back-off from 1 s doubling up to 60 s.
    public init(
        timeout: Duration = .seconds(5), connectTimeout: Duration = .seconds(2),
        maximumBodySize: Int = 1 << 20, cooldown: Duration = .seconds(10),
        failureBackoff: Duration = .seconds(1), maximumFailureBackoff: Duration = .seconds(60)
    ) {
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.maximumBodySize = maximumBodySize
        self.cooldown = cooldown
        self.failureBackoff = failureBackoff
        self.maximumFailureBackoff = maximumFailureBackoff
    }
}
