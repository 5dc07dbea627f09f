/// Where a pool's signing keys come from.
public enum KeySource: Sendable {
    /// `<issuer>/.well-known/jwks.json`, fetched over HTTPS.
    case issuerDefault
    /// A JWKS URL (`https://`, or `http://` for local emulators and tests).
    case url(String)
    /// A JWKS document read once from a file.
    case file(String)
    /// A JWKS document held in memory.
    case document(String)
    /// A JWKS document produced by your own code each time the keys are (re)fetched, for example an
    /// in-process local issuer.
    case provider(@Sendable () async throws -> String)

    /// Whether this is ``issuerDefault``.
    var isIssuerDefault: Bool {
        if case .issuerDefault = self { return true }
        return false
    }
}
