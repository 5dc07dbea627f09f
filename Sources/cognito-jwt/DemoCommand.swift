import ArgumentParser
import CognitoJWT
import CognitoJWTFluent
import CognitoJWTTesting
import Foundation
import Hummingbird
import Logging
import Prometheus

/// `cognito-jwt demo`: a local issuer and a protected API on 127.0.0.1.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the offline demo: a local Cognito user pool and a protected API on 127.0.0.1.",
        discussion: """
            One Hummingbird server is both a local user pool (its JWKS at /<pool>/.well-known/jwks.json and a \
            POST /dev/token endpoint that mints tokens, POST /dev/revoke that revokes a session by its origin_jti) \
            and a protected API (/health, /me, /admin, /orders) \
            whose verifier fetches that JWKS over HTTP. A user's first request stores the user (SQLite file by \
            default, --database PATH, or DATABASE_URL=postgres://…, which needs TLS with a verified certificate \
            for a host that is not localhost, 127.0.0.0/8 or ::1 unless it sets sslmode; migrations run at start). \
            GET /metrics answers the verifier's metrics in the Prometheus text format. Answers only requests for \
            Host 127.0.0.1, localhost or [::1] (any port), others with 421; a request with two Host headers gets \
            400. Prints ready-to-paste curl commands. Stops on Ctrl-C.
            """)

    @Option(help: "Port on 127.0.0.1.") var port: Int = 8080
    @Option(help: "Most unexpired revocations POST /dev/revoke records; when full it answers 503.")
    var denylistCapacity: Int = 100_000
    @OptionGroup var database: UserDatabaseOptions
    @OptionGroup var logging: LoggingOptions

    /// The demo pool's region and id.
    static let region = "us-east-1"
    static let userPoolID = "us-east-1_DemoPool"

    func validate() throws {
        guard (1...65_535).contains(port) else { throw ValidationError("--port must be from 1 to 65535") }
        guard denylistCapacity >= 1 else { throw ValidationError("--denylist-capacity must be at least 1") }
    }

    func run() async throws {
        let logger = logging.logger(label: "cognito-jwt.demo")
        let users = try await UserDatabase.openAndMigrate(database, command: "demo", logger: logger)
        let issuer = try LocalCognitoIssuer(region: Self.region, userPoolID: Self.userPoolID)
        let baseURL = "http://127.0.0.1:\(port)"
        let jwksURL = baseURL + issuer.jwksPath
        let denylist = CognitoTokenDenylist(capacity: denylistCapacity)
        let registry = PrometheusCollectorRegistry()
        let verifier = try CognitoVerifier(
            pools: [issuer.pool(keySource: .url(jwksURL))], logger: logger,
            metricsFactory: PrometheusMetricsFactory(registry: registry), revocation: denylist)

        let router = DemoAPI.router(
            verifier: verifier, store: CognitoUserStore(logger: logger),
            databases: users.databases, hosts: .loopback, metrics: registry)
        DemoIssuerRoutes.add(to: router, issuer: issuer, denylist: denylist)
        let banner = Self.banner(issuer: issuer, baseURL: baseURL, jwksURL: jwksURL, users: users.description)
        var app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "cognito-jwt-demo"),
            onServerRunning: { _ in
                FileHandle.standardOutput.write(Data((banner + "\n").utf8))
            },
            logger: logger)
        app.addServices(users.databases)
        try await app.runService()
    }

    /// What to try, with freshly minted tokens: each exported once, then short `curl` lines.
    static func banner(issuer: LocalCognitoIssuer, baseURL: String, jwksURL: String, users: String) -> String {
        let alice = issuer.signIn(username: "alice", groups: ["users"], scopes: [DemoAPI.ordersScope])
        let tokens: [(name: String, token: String)] = [
            ("ALICE_ID_TOKEN", alice.idToken),
            ("ROOT_ID_TOKEN", issuer.idToken(username: "root", groups: ["admin"])),
            ("READER_ACCESS_TOKEN", alice.accessToken),
            ("NO_SCOPE_ACCESS_TOKEN", issuer.accessToken(username: "alice", groups: ["users"])),
            ("EXPIRED_ID_TOKEN", issuer.idToken(username: "alice", groups: ["users"], expiresIn: -60)),
        ]
        let aliceSession = alice.session.originTokenID
        let exports = tokens.map { "export \($0.name)='\($0.token)'" }.joined(separator: "\n")
        func curl(_ path: String, _ variable: String) -> String {
            "curl -i \(baseURL)\(path) -H \"Authorization: Bearer $\(variable)\""
        }
        return """
            cognito-jwt demo: a local Cognito user pool and a protected API on \(baseURL)
              issuer     \(issuer.issuer)
              JWKS       \(jwksURL)  (the API's verifier fetches it over HTTP)
              client id  \(issuer.clientID)
              users      \(users)

            Try it (tokens valid for one hour). First paste the tokens into your shell:

            \(exports)

            # 200 /me: alice's stored user (created on her first request, kept across restarts) and her claims
            \(curl("/me", "ALICE_ID_TOKEN"))

            # 403 /admin: alice is not in the group "admin"
            \(curl("/admin", "ALICE_ID_TOKEN"))

            # 200 /admin: root is in the group "admin"
            \(curl("/admin", "ROOT_ID_TOKEN"))

            # 200 /orders: an access token with the scope "orders/read"
            \(curl("/orders", "READER_ACCESS_TOKEN"))

            # 403 /orders: an access token without it
            \(curl("/orders", "NO_SCOPE_ACCESS_TOKEN"))

            # 401 /me: an expired token
            \(curl("/me", "EXPIRED_ID_TOKEN"))

            # Mint your own (groups, scopes and expires_in are optional; a negative expires_in is already expired):
            curl -s -X POST \(baseURL)/dev/token -H 'Content-Type: application/json' -d '{"username":"alice","groups":["admin"],"scopes":["orders/read"]}'

            # Revoke alice's session (ALICE_ID_TOKEN and READER_ACCESS_TOKEN share its origin_jti); both then answer 401 "revoked":
            curl -s -X POST \(baseURL)/dev/revoke -H 'Content-Type: application/json' -d '{"origin_jti":"\(aliceSession)"}'

            # Open: \(baseURL)/health    Metrics (Prometheus): \(baseURL)/metrics    Stop: Ctrl-C
            """
    }
}
