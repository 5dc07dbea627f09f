import Crypto
import _CryptoExtras

/// A token split and decoded under the strict rules of the verification contract, not yet verified.
///
/// Parsing checks only the form: at most ``maximumTokenLength`` bytes, exactly three non-empty segments of
/// canonical base64url, a header and a payload that are strict JSON objects within their ``JSONLimits``.
/// Nothing here is trusted.
public struct CompactJWS: Sendable {
    /// Longest token accepted, in bytes.
    public static let maximumTokenLength = 16_384

    /// The decoded header.
    public let header: JSONObject
    /// The header's `kid`, when it is a non-empty string.
    public let kid: String?
    /// The decoded payload (claims, unverified).
    public let payload: JSONObject
    /// The decoded signature bytes.
    public let signature: [UInt8]
    /// SHA-256 of `header.payload` exactly as received: what an RS256 signature covers.
    public let signingInputDigest: SHA256.Digest

    /// Parses `token`, throwing ``CognitoJWTError/Code/malformed`` for anything not strictly well-formed.
    public init(parsing token: String) throws(CognitoJWTError) {
        let split = try SignedToken(parsing: token, knownHeaders: nil)
        header = split.header
        kid = split.kid
        payload = try split.parsePayload()
        signature = Array(split.signature.rawRepresentation)
        signingInputDigest = split.signingInputDigest()
    }
}
