import Crypto
import _CryptoExtras

/// A token split and decoded under the strict rules of the verification contract, not yet verified.
///
/// Parsing checks only the form: at most ``maximumTokenLength`` bytes, exactly three non-empty segments of
/// canonical base64url, a header and a payload that are strict JSON objects. Nothing here is trusted.
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
    public var signature: [UInt8] { Array(rsaSignature.rawRepresentation) }
    /// The decoded signature, as the RSA check takes it.
    let rsaSignature: _RSA.Signing.RSASignature
    /// SHA-256 of `header.payload` exactly as received: what an RS256 signature covers.
    public let signingInputDigest: SHA256.Digest

    /// The length of the header segment (the bytes before the first dot).
    let headerSegmentLength: Int
    /// Whether the header came from ``KnownHeaders`` rather than from decoding it.
    let headerWasKnown: Bool

    /// Parses `token`, throwing ``CognitoJWTError/Code/malformed`` for anything not strictly well-formed.
    public init(parsing token: String) throws(CognitoJWTError) {
        try self.init(parsing: token, knownHeaders: nil)
    }

    /// Parses `token`, taking the header from `knownHeaders` when its segment is byte-identical to one there.
    init(parsing token: String, knownHeaders: KnownHeaders?) throws(CognitoJWTError) {
        var token = token
        guard token.utf8.count <= Self.maximumTokenLength else {
            throw CognitoJWTError(.malformed, "token longer than \(Self.maximumTokenLength) bytes")
        }
        let result = token.withUTF8 { bytes in
            Result { () throws(CognitoJWTError) in try CompactJWS(bytes: bytes, knownHeaders: knownHeaders) }
        }
        self = try result.get()
    }

    private init(bytes: UnsafeBufferPointer<UInt8>, knownHeaders: KnownHeaders?) throws(CognitoJWTError) {
        let raw = UnsafeRawBufferPointer(bytes)
        let dot = UInt8(ascii: ".")
        let firstDot = Bytes.firstIndex(of: dot, in: raw, from: 0)
        let secondDot = firstDot < 0 ? -1 : Bytes.firstIndex(of: dot, in: raw, from: firstDot + 1)
        guard secondDot >= 0 else { throw CognitoJWTError(.malformed, "token does not have three segments") }
        guard Bytes.firstIndex(of: dot, in: raw, from: secondDot + 1) < 0 else {
            throw CognitoJWTError(.malformed, "token has more than three segments")
        }
        guard firstDot > 0, secondDot > firstDot + 1, secondDot < bytes.count - 1 else {
            throw CognitoJWTError(.malformed, "token has an empty segment")
        }
        let header = raw[0..<firstDot]
        let payload = raw[(firstDot + 1)..<secondDot]
        let signature = Self.decodeSignature(UnsafeRawBufferPointer(rebasing: raw[(secondDot + 1)...]))
        guard let signature else { throw CognitoJWTError(.malformed, "signature is not canonical base64url") }
        if let known = knownHeaders?.header(for: UnsafeRawBufferPointer(rebasing: header)) {
            self.header = known.header
            self.kid = known.kid
            self.headerWasKnown = true
        } else {
            let decoded = try Self.decodeObject(UnsafeRawBufferPointer(rebasing: header), "header")
            self.header = decoded
            self.kid = Self.kid(of: decoded)
            self.headerWasKnown = false
        }
        self.headerSegmentLength = firstDot
        self.payload = try Self.decodeObject(UnsafeRawBufferPointer(rebasing: payload), "payload")
        self.rsaSignature = signature
        self.signingInputDigest = SHA256.hash(data: UnsafeRawBufferPointer(rebasing: raw[0..<secondDot]))
    }

    /// A header's `kid`, when it is a non-empty string.
    static func kid(of header: JSONObject) -> String? {
        guard let kid = header["kid"]?.stringValue, !kid.isEmpty else { return nil }
        return kid
    }

    /// Decodes the signature segment through scratch memory into the signature value (one copy, no array).
    private static func decodeSignature(_ segment: UnsafeRawBufferPointer) -> _RSA.Signing.RSASignature? {
        withDecoded(segment) { bytes in bytes.map { _RSA.Signing.RSASignature(rawRepresentation: $0) } }
    }

    /// Decodes one base64url segment into scratch memory and reads it as a strict JSON object, kept as its text
    /// (see ``ParsedMembers``).
    private static func decodeObject(
        _ segment: UnsafeRawBufferPointer, _ name: String
    ) throws(CognitoJWTError) -> JSONObject {
        try withDecoded(segment) { bytes throws(CognitoJWTError) in
            guard let bytes else { throw CognitoJWTError(.malformed, "\(name) is not canonical base64url") }
            do throws(StrictJSON.SyntaxError) {
                return try StrictJSON.parseMembers(bytes, limits: .token)
            } catch {
                throw CognitoJWTError(.malformed, "\(name) is not a strict JSON object: \(error.reason)")
            }
        }
    }

    /// Calls `body` with `segment` decoded into scratch memory, or with `nil` when it is not canonical base64url.
    private static func withDecoded<R, E: Error>(
        _ segment: UnsafeRawBufferPointer,
        _ body: (UnsafeRawBufferPointer?) throws(E) -> R
    ) throws(E) -> R {
        guard let count = Base64URL.decodedCount(segment.count) else { return try body(nil) }
        let result = withUnsafeTemporaryAllocation(byteCount: max(count, 1), alignment: 1) { scratch in
            Result { () throws(E) -> R in
                guard let decoded = Base64URL.decode(segment, into: scratch) else { return try body(nil) }
                return try body(UnsafeRawBufferPointer(rebasing: scratch[0..<decoded]))
            }
        }
        return try result.get()
    }
}
