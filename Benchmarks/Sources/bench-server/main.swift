import BenchmarkFixtures
import CognitoJWT
import CognitoJWTFluent
import CognitoJWTHummingbird
import FluentKit
import FluentSQLiteDriver
import Foundation
import Hummingbird
import Logging
import NIOPosix

// bench-server [--port 18080] [--tokens-dir DIR] [--distinct 20000]
//
// Mints a warm token (DIR/warm.txt), `--distinct` tokens (DIR/distinct.txt, one a line), and the forged shapes
// of `ForgedShapes` (DIR/dos-yardstick.txt: well-formed 16 kB tokens with a bad signature; DIR/dos-shape-NAME.txt:
// one forged token each), then serves on 127.0.0.1:
//   GET /open              the body, no authentication
//   GET /protected         the same body, behind CognitoAuthenticator + CognitoGuardMiddleware
//   GET /me/claims         the caller as JSON, reshaped from the verified claims (no user store)
//   GET /me/store          the caller as JSON, the stored user of a CognitoUserStore on SQLite (DIR/users.sqlite)
//   GET /stats             the verifier's cache statistics: "hits misses entries"
//   GET /userstore-stats   the user store's: "hits misses statements"
let arguments = Arguments()
let port = arguments.int("port", 18080)
let directory = arguments.string("tokens-dir", ".")
let fixture = try BenchmarkIssuer()
let verifier = try await fixture.verifier()
let warmToken = fixture.token(-1)
let distinct = await fixture.mint(arguments.int("distinct", 20_000))
try (warmToken + "\n").write(toFile: directory + "/warm.txt", atomically: true, encoding: .utf8)
try (distinct.joined(separator: "\n") + "\n").write(toFile: directory + "/distinct.txt", atomically: true, encoding: .utf8)
let forged = await ForgedShapes(fixture: fixture, count: 2_000)
try (forged.largeBadSignatures.joined(separator: "\n") + "\n")
    .write(toFile: directory + "/dos-yardstick.txt", atomically: true, encoding: .utf8)
for shape in forged.shapes {
    try (shape.token + "\n").write(toFile: directory + "/dos-shape-\(shape.name).txt", atomically: true, encoding: .utf8)
}

var logger = Logger(label: "bench-server")
logger.logLevel = .warning
let databasePath = directory + "/users.sqlite"
try? FileManager.default.removeItem(atPath: databasePath)
let databases = Databases(threadPool: .singleton, on: MultiThreadedEventLoopGroup.singleton)
databases.use(.sqlite(.file(databasePath)), as: .sqlite)
try await CognitoUserMigrations.run(on: databases, logger: logger)
let users = CognitoUserStore(logger: logger)

/// Who called, for the two `/me` routes: the claims' identity, or the stored user.
enum Caller: Sendable {
    case claims(CognitoIdentity)
    case stored(CognitoCaller<CognitoUser>)
}

let iso8601 = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

/// `/me/claims`: the same fields as the stored user, taken from the claims.
func claimsJSON(_ identity: CognitoIdentity) -> String {
    let claims = identity.claims
    let issued = Date(timeIntervalSince1970: claims.issuedAt ?? 0).formatted(iso8601)
    let user: JSONObject = [
        "id": .string(identity.id), "issuer": .string(claims.issuer ?? ""), "sub": .string(claims.subject ?? ""),
        "username": claims.username.map(JSONValue.string) ?? .null, "email": claims.email.map(JSONValue.string) ?? .null,
        "email_verified": claims.emailVerified.map(JSONValue.bool) ?? .null,
        "groups": .array(claims.groups.map(JSONValue.string)),
        "first_seen": .string(issued), "last_seen": .string(issued),
    ]
    return JSONValue.object(["user": .object(user)]).jsonText
}

let body = #"{"status":"ok","service":"orders","items":[1,2,3]}"#
let router = Router(context: BasicCognitoRequestContext<Caller>.self)
router.get("open") { _, _ in body }
router.group("protected")
    .add(middleware: CognitoAuthenticator(verifier: verifier) { claims, _, _ in .claims(CognitoIdentity(claims: claims)) })
    .add(middleware: CognitoGuardMiddleware())
    .get { _, _ in body }
router.group("me/claims")
    .add(middleware: CognitoAuthenticator(verifier: verifier) { claims, _, _ in .claims(CognitoIdentity(claims: claims)) })
    .add(middleware: CognitoGuardMiddleware())
    .get { _, context in
        guard case .claims(let identity) = try context.requireIdentity() else { throw HTTPError(.internalServerError) }
        return claimsJSON(identity)
    }
router.group("me/store")
    .add(middleware: CognitoAuthenticator(verifier: verifier) { claims, request, context in
        do {
            return .stored(try await users.caller(for: claims, request: request, in: databases, logger: context.logger))
        } catch let error as CognitoUserStoreError {
            throw HTTPError(.init(code: error.httpStatus), message: error.reason)
        }
    })
    .add(middleware: CognitoGuardMiddleware())
    .get { _, context in
        guard case .stored(.user(let user)) = try context.requireIdentity() else { throw HTTPError(.forbidden) }
        return JSONValue.object(["user": .object(user.jsonObject)]).jsonText
    }
router.get("stats") { _, _ in
    let statistics = verifier.tokenCacheStatistics
    return "\(statistics.hits) \(statistics.misses) \(statistics.entries)\n"
}
router.get("userstore-stats") { _, _ in
    let statistics = users.statistics
    return "\(statistics.cacheHits) \(statistics.cacheMisses) \(statistics.databaseStatements)\n"
}
var app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)),
                      onServerRunning: { _ in print("bench-server: listening on 127.0.0.1:\(port)") },
                      logger: logger)
app.addServices(databases)
try await app.runService()
