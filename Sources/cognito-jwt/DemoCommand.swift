import ArgumentParser
import CognitoJWT
import CognitoJWTTesting
import Foundation
import Hummingbird
import Logging

/// `cognito-jwt demo`: a local issuer and a protected API on 127.0.0.1.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the offline demo: a local Cognito user pool and a protected API on 127.0.0.1.",
        discussion: """
            One Hummingbird server is both a local user pool (its JWKS at /<pool>/.well-known/jwks.json and a \
            POST /dev/token endpoint that mints tokens) and a protected API (/health, /me, /admin, /orders) \
            whose verifier fetches that JWKS over HTTP. Prints ready-to-paste curl commands. Stops on Ctrl-C.
            """)

    @Option(help: "Port on 127.0.0.1.") var port: Int = 8080

    /// The demo pool's region and id.
    static let region = "us-east-1"
    static let userPoolID = "us-east-1_DemoPool"

    func validate() throws {
        guard (1...65_535).contains(port) else { throw ValidationError("--port must be from 1 to 65535") }
    }

    func run() async throws {
        let logger = Logger(label: "cognito-jwt.demo", factory: { StreamLogHandler.standardError(label: $0) })
        let issuer = try LocalCognitoIssuer(region: Self.region, userPoolID: Self.userPoolID)
        let baseURL = "http://127.0.0.1:\(port)"
        let jwksURL = baseURL + issuer.jwksPath
        let verifier = try CognitoVerifier(pools: [issuer.pool(keySource: .url(jwksURL))], logger: logger)

        let router = DemoAPI.router(verifier: verifier)
        DemoIssuerRoutes.add(to: router, issuer: issuer)
        let banner = Self.banner(issuer: issuer, baseURL: baseURL, jwksURL: jwksURL)
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "cognito-jwt-demo"),
            onServerRunning: { _ in
                FileHandle.standardOutput.write(Data((banner + "\n").utf8))
            },
            logger: logger)
        try await app.runService()
    }

    /// What to try, with freshly minted tokens.
    static func banner(issuer: LocalCognitoIssuer, baseURL: String, jwksURL: String) -> String {
        func curl(_ path: String, _ token: String) -> String {
            "curl -i \(baseURL)\(path) -H 'Authorization: Bearer \(token)'"
        }
        let alice = issuer.idToken(username: "alice", groups: ["users"])
        let root = issuer.idToken(username: "root", groups: ["admin"])
        let reader = issuer.accessToken(username: "alice", groups: ["users"], scopes: [DemoAPI.ordersScope])
        let noScope = issuer.accessToken(username: "alice", groups: ["users"])
        let expired = issuer.idToken(username: "alice", groups: ["users"], expiresIn: -60)
        return """
            cognito-jwt demo: a local Cognito user pool and a protected API on \(baseURL)
              issuer     \(issuer.issuer)
              JWKS       \(jwksURL)  (the API's verifier fetches it over HTTP)
              client id  \(issuer.clientID)

            Try it (tokens valid for one hour):

            # 200 /me: alice's ID token; the app's user and the verified claims
            \(curl("/me", alice))

            # 403 /admin: alice is not in the group "admin"
            \(curl("/admin", alice))

            # 200 /admin: root is in the group "admin"
            \(curl("/admin", root))

            # 200 /orders: an access token with the scope "orders/read"
            \(curl("/orders", reader))

            # 403 /orders: an access token without it
            \(curl("/orders", noScope))

            # 401 /me: an expired token
            \(curl("/me", expired))

            # Mint your own (groups, scopes and expires_in are optional; a negative expires_in is already expired):
            curl -s -X POST \(baseURL)/dev/token -H 'Content-Type: application/json' -d '{"username":"alice","groups":["admin"],"scopes":["orders/read"]}'

            # Open: \(baseURL)/health    Stop: Ctrl-C
            """
    }
}
