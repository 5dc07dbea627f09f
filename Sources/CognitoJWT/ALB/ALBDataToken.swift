/// An ALB data token (`x-amzn-oidc-data`) split under the verifier's strict rules, except one: each segment may
/// end with the `=` padding the load balancer adds, and then only the canonical padding (what makes its length a
/// multiple of four). The payload stays undecoded until the signature has been checked (``payload()``).
struct ALBDataToken: Sendable {
    /// The decoded header.
    let header: JSONObject
    /// `header.payload` exactly as received: what the ES256 signature covers.
    let signingInput: [UInt8]
    /// The payload segment, without its padding.
    let payloadSegment: [UInt8]
    /// The signature: `r || s`, 32 bytes each.
    let signature: [UInt8]

    /// Splits and decodes `token`: ``CognitoJWTError/Code/malformed`` for anything not well-formed,
    /// ``CognitoJWTError/Code/unsupportedAlgorithm`` for a well-formed token whose header's `alg` is a string other
    /// than `ES256` (its signature, empty for `none`, may then have any length).
    init(parsing token: String) throws(CognitoJWTError) {
        let bytes = Array(token.utf8)
        guard bytes.count <= CompactJWS.maximumTokenLength else {
            throw CognitoJWTError(.malformed, "token longer than \(CompactJWS.maximumTokenLength) bytes")
        }
        let segments = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard segments.count == 3 else { throw CognitoJWTError(.malformed, "token does not have three segments") }
        guard !segments[0].isEmpty, !segments[1].isEmpty else {
            throw CognitoJWTError(.malformed, "token has an empty segment")
        }
        guard let headerBytes = Self.decode(segments[0]) else {
            throw CognitoJWTError(.malformed, "header is not canonical base64url")
        }
        guard let signature = Self.decode(segments[2]) else {
            throw CognitoJWTError(.malformed, "signature is not canonical base64url")
        }
        guard let payloadSegment = Self.unpadded(segments[1]) else {
            throw CognitoJWTError(.malformed, "payload is not canonical base64url")
        }
        let header = try Self.object(headerBytes, "header", limits: .header)
        let algorithm = header.withScalarBytes("alg") { value -> (isString: Bool, isES256: Bool) in
            guard case .string(let bytes) = value else { return (false, false) }
            return (true, bytes.bytesEqual("ES256"))
        }
        if algorithm.isString && !algorithm.isES256 {
            throw CognitoJWTError(.unsupportedAlgorithm, "alg must be ES256 for an ALB data token")
        }
        guard !segments[2].isEmpty else { throw CognitoJWTError(.malformed, "token has an empty segment") }
        guard signature.count == 64 else { throw CognitoJWTError(.malformed, "an ES256 signature is 64 bytes") }
        self.header = header
        self.signingInput = Array(bytes[0..<(segments[0].count + 1 + segments[1].count)])
        self.payloadSegment = Array(payloadSegment)
        self.signature = signature
    }

    /// The payload, strictly parsed (``JSONLimits/token``).
    func payload() throws(CognitoJWTError) -> JSONObject {
        guard let bytes = Base64URL.decode(payloadSegment) else {
            throw CognitoJWTError(.malformed, "payload is not canonical base64url")
        }
        return try Self.object(bytes, "payload", limits: .token)
    }

    /// `segment` without canonical padding (none, or the one or two `=` its length needs); `nil` otherwise.
    static func unpadded(_ segment: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        let equals = UInt8(ascii: "=")
        let padding = segment.reversed().prefix(while: { $0 == equals }).count
        guard padding > 0 else { return segment }
        guard padding <= 2, segment.count % 4 == 0 else { return nil }
        let data = segment.dropLast(padding)
        guard data.count % 4 == 4 - padding else { return nil }
        return data
    }

    /// Decodes one segment: canonical base64url, with or without canonical padding.
    static func decode(_ segment: ArraySlice<UInt8>) -> [UInt8]? {
        unpadded(segment).flatMap { Base64URL.decode($0) }
    }

    /// `bytes` as a strict JSON object.
    static func object(_ bytes: [UInt8], _ name: String, limits: JSONLimits) throws(CognitoJWTError) -> JSONObject {
        let parsed = bytes.withUnsafeBytes { raw in
            Result { () throws(StrictJSON.SyntaxError) in try StrictJSON.parseMembers(raw, limits: limits) }
        }
        switch parsed {
        case .success(let object): return object
        case .failure(let error):
            throw CognitoJWTError(.malformed, "\(name) is not a strict JSON object: \(error.reason)")
        }
    }
}
