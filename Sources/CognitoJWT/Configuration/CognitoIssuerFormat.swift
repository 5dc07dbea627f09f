/// Which issuer forms of a pool given by region and pool id are accepted.
///
/// A pool's tokens carry either the original issuer, `https://cognito-idp.<region>.amazonaws.com/<poolId>`, or
/// the updated one, `https://issuer-cognito-idp.<primaryRegion>.amazonaws.com/<poolId>` (recommended by AWS and
/// required for multi-Region replication). A pool switching from one to the other has tokens of both in flight.
public enum CognitoIssuerFormat: String, Sendable, CaseIterable {
    /// Only `https://cognito-idp.<region>.amazonaws.com/<poolId>` (and its replica regions).
    case original
    /// Only `https://issuer-cognito-idp.<primaryRegion>.amazonaws.com/<poolId>`.
    case updated
    /// Either form, each with its own JWKS, fetched when a token of that form first needs it.
    case both

    /// Whether tokens of the original form are accepted.
    public var includesOriginal: Bool { self != .updated }
    /// Whether tokens of the updated form are accepted.
    public var includesUpdated: Bool { self != .original }
}
