import CognitoJWT
import CognitoJWTTesting
import Crypto
import _CryptoExtras

/// The bare swift-crypto RS256 check of a token, with everything that is not cryptography done beforehand:
/// the signing input (`header.payload` bytes) and the signature are split out of the token in advance.
public struct RSABaseline: Sendable {
    /// One token, pre-split.
    public struct Input: Sendable {
        /// `header.payload`, as bytes.
        public let signingInput: [UInt8]
        /// The decoded signature.
        public let signature: _RSA.Signing.RSASignature
        /// SHA-256 of ``signingInput``, for the variant that leaves hashing out too.
        public let digest: SHA256.Digest
    }

    /// The access-token public key.
    public let publicKey: _RSA.Signing.PublicKey
    /// The tokens, pre-split, in the order given.
    public let inputs: [Input]

    /// Splits `tokens`, signed by `issuer`'s access-token key.
    public init(issuer: LocalCognitoIssuer, tokens: [String]) {
        publicKey = issuer.signingKeys[1].privateKey.publicKey
        inputs = tokens.map { token in
            let bytes = Array(token.utf8)
            let dot = bytes.lastIndex(of: UInt8(ascii: "."))!
            let signingInput = Array(bytes[..<dot])
            let signature = Base64URL.decode(bytes[(dot + 1)...])!
            return Input(signingInput: signingInput, signature: _RSA.Signing.RSASignature(rawRepresentation: signature),
                         digest: SHA256.hash(data: signingInput))
        }
    }

    /// `isValidSignature(_:for:padding: .insecurePKCS1v1_5)` over SHA-256 of the signing input.
    @inline(never)
    public func verify(_ index: Int) -> Bool {
        let input = inputs[index]
        return publicKey.isValidSignature(input.signature, for: SHA256.hash(data: input.signingInput),
                                          padding: .insecurePKCS1v1_5)
    }

    /// The RSA operation alone, on a digest computed in advance.
    @inline(never)
    public func verifyDigest(_ index: Int) -> Bool {
        let input = inputs[index]
        return publicKey.isValidSignature(input.signature, for: input.digest, padding: .insecurePKCS1v1_5)
    }
}
