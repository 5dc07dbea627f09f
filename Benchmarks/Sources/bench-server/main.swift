import BenchmarkFixtures
import CognitoJWT
import CognitoJWTHummingbird
import Foundation
import Hummingbird
import Logging

// bench-server [--port 18080] [--tokens-dir DIR] [--distinct 20000]
//
// Mints a warm token (DIR/warm.txt), `--distinct` tokens (DIR/distinct.txt, one a line), and the forged shapes
// of `ForgedShapes` (DIR/dos-yardstick.txt: well-formed 16 kB tokens with a bad signature; DIR/dos-shape-NAME.txt: one
// forged token each), then serves on 127.0.0.1:
//   GET /open        the body, no authentication
//   GET /protected   the same body, behind CognitoAuthenticator + CognitoGuardMiddleware
//   GET /stats       the verifier's cache statistics: "hits misses entries"
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

let body = #"{"status":"ok","service":"orders","items":[1,2,3]}"#
let router = Router(context: BasicCognitoRequestContext<CognitoIdentity>.self)
router.get("open") { _, _ in body }
router.group("protected")
    .add(middleware: CognitoAuthenticator(verifier: verifier))
    .add(middleware: CognitoGuardMiddleware())
    .get { _, _ in body }
router.get("stats") { _, _ in
    let statistics = verifier.tokenCacheStatistics
    return "\(statistics.hits) \(statistics.misses) \(statistics.entries)\n"
}
var logger = Logger(label: "bench-server")
logger.logLevel = .warning
let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)),
                      onServerRunning: { _ in print("bench-server: listening on 127.0.0.1:\(port)") },
                      logger: logger)
try await app.runService()
