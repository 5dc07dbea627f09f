import CognitoJWT
import CognitoJWTTesting
import Crypto
import Foundation
import Testing
import _CryptoExtras

/// Keys are slow to generate in debug builds: the tests share one local pool.
let sharedIssuer = try! LocalCognitoIssuer(
    region: "eu-central-1", userPoolID: "eu-central-1_TestPool",
    clientID: "testclient0123456789abcdef")

/// Another pool's keys under the shared issuer's name: its tokens carry the right `iss` and an unknown `kid`.
let sharedStranger = try! LocalCognitoIssuer(
    region: sharedIssuer.region, userPoolID: sharedIssuer.userPoolID, clientID: sharedIssuer.clientID)

/// A fixed clock for deterministic time checks.
let fixedNow = 1_800_000_000

/// A verifier for `issuer` with its JWKS in memory and a fixed clock.
func makeVerifier(
    _ issuer: LocalCognitoIssuer = sharedIssuer, tokenUse: TokenUse = .any,
    clientIDs: AcceptedClients? = nil, leeway: Duration = .zero, cacheCapacity: Int = 0,
    jwks: String? = nil
) throws -> CognitoVerifier {
    let pool = CognitoPool(
        issuer: issuer.issuer, clientIDs: clientIDs ?? [issuer.clientID], tokenUse: tokenUse,
        keySource: .document(jwks ?? issuer.jwksJSON))
    return try CognitoVerifier(
        pools: [pool], leeway: leeway, cacheCapacity: cacheCapacity,
        clock: { Double(fixedNow) })
}

/// The code of the error `body` throws, or nil when it succeeds.
func rejection(_ body: () async throws(CognitoJWTError) -> CognitoClaims) async -> CognitoJWTError.Code? {
    do {
        _ = try await body()
        return nil
    } catch {
        return error.code
    }
}

/// Standard access-token claims of the shared issuer at `fixedNow`, for tests that tweak one claim.
func accessClaims(_ issuer: LocalCognitoIssuer = sharedIssuer) -> JSONObject {
    [
        "sub": "5b2a0e6c-1d3f-4c59-9a49-4a4d7f3b2e10",
        "iss": .string(issuer.issuer),
        "client_id": .string(issuer.clientID),
        "token_use": "access",
        "scope": "aws.cognito.signin.user.admin orders/read",
        "auth_time": .number(String(fixedNow - 10)),
        "iat": .number(String(fixedNow - 10)),
        "exp": .number(String(fixedNow + 3600)),
        "jti": "3f1c7a64-2f0e-4d8c-9a8e-0d0c7f5b6a11",
        "username": "alice",
    ]
}

/// Signs raw header and payload text with the shared issuer's access-token key.
func signRaw(header: String, payload: String, keyIndex: Int = 1, issuer: LocalCognitoIssuer = sharedIssuer) -> String {
    LocalCognitoIssuer.sign(headerJSON: header, payloadJSON: payload, with: issuer.signingKeys[keyIndex].privateKey)
}

/// The JSON text of claims.
func json(_ object: JSONObject) -> String { JSONValue.object(object).jsonText }

/// The header Cognito uses, for the shared issuer's key `keyIndex`.
func cognitoHeader(keyIndex: Int = 1, issuer: LocalCognitoIssuer = sharedIssuer) -> String {
    #"{"kid":"\#(issuer.signingKeys[keyIndex].kid)","alg":"RS256"}"#
}

/// A fixture file's text.
func fixture(_ path: String) throws -> String {
    let url = try #require(Bundle.module.url(forResource: "Fixtures/" + path, withExtension: nil))
    return try String(contentsOf: url, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
}

/// Runs `body` against a local HTTP server answering each request path with `reply`, and shuts the server
/// down afterwards, also when `body` throws.
func withLocalServer<T>(
    _ reply: @escaping @Sendable (String) -> LocalHTTPServer.Reply,
    _ body: (LocalHTTPServer) async throws -> T
) async throws -> T {
    let server = try await LocalHTTPServer.start(reply: reply)
    do {
        let result = try await body(server)
        try await server.shutdown()
        return result
    } catch {
        try? await server.shutdown()
        throw error
    }
}
