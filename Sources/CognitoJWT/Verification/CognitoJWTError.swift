/// Why a token was rejected, with a stable machine-readable ``Code`` and a human message.
///
/// The message never contains the token or its signature.
public struct CognitoJWTError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable rejection codes. The raw values are part of the public contract (CLI output, HTTP responses,
    /// metrics dimensions) and never change.
    public enum Code: String, Sendable, CaseIterable {
        /// The token is not a strictly well-formed compact JWS with JSON object header and payload.
        case malformed
        /// The header's `alg` is not exactly `RS256` (`ES256` for an ALB data token).
        case unsupportedAlgorithm = "unsupported_algorithm"
        /// The header has no usable `kid`, or no usable key in the JWKS has that `kid`.
        case unknownKey = "unknown_key"
        /// The RSA signature does not verify.
        case invalidSignature = "invalid_signature"
        /// `exp` is in the past (beyond the leeway).
        case expired
        /// `nbf` or `iat` is in the future (beyond the leeway).
        case notYetValid = "not_yet_valid"
        /// `iss` is not the issuer of any configured pool.
        case wrongIssuer = "wrong_issuer"
        /// `aud` (ID token) or `client_id` (access token) is not one of the configured client ids.
        case wrongAudience = "wrong_audience"
        /// `token_use` is not `id`/`access`, or not the configured use.
        case wrongTokenUse = "wrong_token_use"
        /// None of the required groups is in `cognito:groups`.
        case missingGroup = "missing_group"
        /// A required scope is not in the access token's `scope`.
        case missingScope = "missing_scope"
        /// The JWKS could not be obtained, so the token cannot be checked.
        case jwksUnavailable = "jwks_unavailable"
        /// A registered claim has the wrong type (for example a string `exp`) or a required one is missing.
        case invalidClaim = "invalid_claim"
        /// The token is valid but its authentication does not meet the route's step-up requirements (`acr`,
        /// `amr`, `auth_time`): RFC 9470's `insufficient_user_authentication`.
        case insufficientUserAuthentication = "insufficient_user_authentication"
        /// The revocation check refused the token (its session or the token itself was revoked).
        case revoked
        /// The revocation check failed, so the token cannot be accepted now.
        case revocationUnavailable = "revocation_unavailable"
        /// An ALB data token's `signer` is not one of the configured load balancer ARNs.
        case wrongSigner = "wrong_signer"
        /// The `sub` of the ALB's data token, of the access token it forwards and of `x-amzn-oidc-identity` differ.
        case subjectMismatch = "subject_mismatch"
    }

    /// The stable code.
    public let code: Code
    /// A short human-readable explanation; never contains the token.
    public let message: String

    /// Creates an error with a code and a message.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `code: message`.
    public var description: String { "\(code.rawValue): \(message)" }
}
