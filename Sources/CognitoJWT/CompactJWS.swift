import Crypto

/// A token split and decoded under the strict rules of the verification contract, not yet verified.
///
/// Parsing checks only the form: at most ``maximumTokenLength`` bytes, exactly three non-empty segments of
/// canonical base64url, a header and a payload that are strict JSON objects. Nothing here is trusted.
public struct CompactJWS: Sendable {
    /// Longest token accepted, in bytes.
    public static let maximumTokenLength = 16_384

    /// The decoded header.
    public let header: JSONObject
    /// The decoded payload (claims, unverified).
    public let payload: JSONObject
    /// The decoded signature bytes.
    public let signature: [UInt8]
    /// SHA-256 of `header.payload` exactly as received: what an RS256 signature covers.
    public let signingInputDigest: SHA256.Digest

    /// Parses `token`, throwing ``CognitoJWTError/Code/malformed`` for anything not strictly well-formed.
    public init(parsing token: String) throws(CognitoJWTError) {
        var token = token
        guard token.utf8.count <= Self.maximumTokenLength else {
            throw CognitoJWTError(.malformed, "token longer than \(Self.maximumTokenLength) bytes")
        }
        let result = token.withUTF8 { bytes in
            Result { () throws(CognitoJWTError) in try CompactJWS(bytes: bytes) }
        }
        self = try result.get()
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) throws(CognitoJWTError) {
        var firstDot = -1
        var secondDot = -1
        for i in 0..<bytes.count where bytes[i] == UInt8(ascii: ".") {
            if firstDot < 0 {
                firstDot = i
            } else if secondDot < 0 {
                secondDot = i
            } else {
                throw CognitoJWTError(.malformed, "token has more than three segments")
            }
        }
        guard secondDot > 0 else { throw CognitoJWTError(.malformed, "token does not have three segments") }
        guard firstDot > 0, secondDot > firstDot + 1, secondDot < bytes.count - 1 else {
            throw CognitoJWTError(.malformed, "token has an empty segment")
        }
        let raw = UnsafeRawBufferPointer(bytes)
        guard let headerBytes = Base64URL.decode(UnsafeRawBufferPointer(rebasing: raw[0..<firstDot])) else {
            throw CognitoJWTError(.malformed, "header is not canonical base64url")
        }
        guard let payloadBytes = Base64URL.decode(UnsafeRawBufferPointer(rebasing: raw[(firstDot + 1)..<secondDot])) else {
            throw CognitoJWTError(.malformed, "payload is not canonical base64url")
        }
        guard let signature = Base64URL.decode(UnsafeRawBufferPointer(rebasing: raw[(secondDot + 1)...])) else {
            throw CognitoJWTError(.malformed, "signature is not canonical base64url")
        }
        do {
            self.header = try StrictJSON.parseObject(headerBytes)
        } catch {
            throw CognitoJWTError(.malformed, "header is not a strict JSON object: \(error.reason)")
        }
        do {
            self.payload = try StrictJSON.parseObject(payloadBytes)
        } catch {
            throw CognitoJWTError(.malformed, "payload is not a strict JSON object: \(error.reason)")
        }
        self.signature = signature
        self.signingInputDigest = SHA256.hash(data: UnsafeRawBufferPointer(rebasing: raw[0..<secondDot]))
    }
}
