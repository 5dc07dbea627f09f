import CognitoJWT
import CognitoJWTTesting
import Crypto
import Foundation
import Logging
import Metrics
import Testing

/// A load balancer in front of the shared pool, with a fresh signing key (P-256 keys are cheap to make).
func makeALB(arn: String? = nil) -> LocalALB {
    LocalALB(pool: sharedIssuer, arn: arn)
}

/// Runs `body` with `alb`'s key server, and shuts the server down afterwards, also when `body` throws.
func withKeyServer<T>(_ alb: LocalALB, _ body: (LocalHTTPServer) async throws -> T) async throws -> T {
    let server = try await alb.startKeyServer()
    do {
        let result = try await body(server)
        try await server.shutdown()
        return result
    } catch {
        try? await server.shutdown()
        throw error
    }
}

/// An ALB verifier for `alb` with keys from `keyBaseURL`.
func makeALBVerifier(
    _ alb: LocalALB, keyBaseURL: String, leeway: Duration = .zero, fetchOptions: JWKSFetchOptions = .init(),
    accessTokenVerifier: CognitoVerifier? = nil, logger: Logger = Logger(label: "CognitoJWT"),
    metricsFactory: (any MetricsFactory)? = nil
) throws -> ALBVerifier {
    var configuration = alb.configuration(keyBaseURL: keyBaseURL, leeway: leeway)
    configuration.fetchOptions = fetchOptions
    return try ALBVerifier(
        configuration: configuration, accessTokenVerifier: accessTokenVerifier, logger: logger,
        metricsFactory: metricsFactory)
}

/// The code `verifier` refuses `token` with, or nil when it accepts it.
func albCode(_ verifier: ALBVerifier, _ token: String, now: Double? = nil) async -> CognitoJWTError.Code? {
    await rejection { () throws(CognitoJWTError) in try await verifier.verify(token, now: now) }
}

/// The code `verifier` refuses `headers` with, or nil when it accepts them.
func albCode(_ verifier: ALBVerifier, headers: ALBHeaders) async -> CognitoJWTError.Code? {
    do {
        _ = try await verifier.verify(headers: headers)
        return nil
    } catch {
        return error.code
    }
}

/// The claims a load balancer puts in a data token for `username` (Cognito's userinfo), expiring at `exp`.
func albClaims(_ alb: LocalALB, username: String = "alice", exp: Int) -> JSONObject {
    [
        "sub": .string(alb.pool.subject(for: username)), "email_verified": "true",
        "email": .string("\(username)@example.com"), "username": .string(username), "exp": .number(String(exp)),
        "iss": .string(alb.pool.issuer),
    ]
}

/// Seconds since 1970, now.
var epochNow: Int { Int(Date().timeIntervalSince1970) }

/// `header.payload.signature` with ES256 over the two segments exactly as given (padded or not).
func signSegments(_ header: String, _ payload: String, with key: P256.Signing.PrivateKey, padded: Bool) -> String {
    let input = header + "." + payload
    let signature = try! key.signature(for: SHA256.hash(data: Array(input.utf8)))
    let encoded = Base64URL.encode(signature.rawRepresentation)
    return input + "." + (padded ? LocalALB.padded(encoded) : encoded)
}

/// A data token with no `=` padding anywhere, signed over the unpadded segments.
func unpaddedDataToken(_ alb: LocalALB, header: JSONObject, claims: JSONObject) -> String {
    signSegments(
        Base64URL.encode(Array(json(header).utf8)), Base64URL.encode(Array(json(claims).utf8)),
        with: alb.signingKeys.last!.privateKey, padded: false)
}

/// The three segments of a token.
func segments(_ token: String) -> [String] {
    token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
}

/// `token` with its signature's byte `index` flipped, re-encoded canonically with the load balancer's padding.
func flippingSignatureByte(_ token: String, at index: Int) -> String {
    var parts = segments(token)
    var signature = Base64URL.decode(String(parts[2].filter { $0 != "=" }))!
    signature[index] ^= 0x01
    parts[2] = LocalALB.padded(Base64URL.encode(signature))
    return parts.joined(separator: ".")
}
