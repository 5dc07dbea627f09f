import ArgumentParser
import CognitoJWT
import CognitoJWTFluent
import Foundation
import Hummingbird
import Logging

/// `cognito-jwt serve`: the demo API against a real pool.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the demo API (/health, /me, /admin, /orders) on 127.0.0.1 against a real user pool.",
        discussion: """
            The pool comes from the environment: COGNITO_AWS_REGION and COGNITO_USER_POOL (or COGNITO_ISSUER), \
            COGNITO_AUDIENCE (accepted app client ids, comma-separated, or * for every app client of the pool; \
            required), and optionally COGNITO_TOKEN_USE, COGNITO_JWKS_URL and COGNITO_LEEWAY_SECONDS. Users are kept \
            in an SQLite file (--database PATH) or, with DATABASE_URL=postgres://…, in PostgreSQL, which several \
            instances can share; migrations run at start. A configuration error exits with status 2. Stops on Ctrl-C.
            """)

    @Option(help: "Port on 127.0.0.1.") var port: Int = 8080
    @OptionGroup var database: UserDatabaseOptions

    func validate() throws {
        guard (1...65_535).contains(port) else { throw ValidationError("--port must be from 1 to 65535") }
    }

    func run() async throws {
        let logger = Logger(label: "cognito-jwt.serve", factory: { StreamLogHandler.standardError(label: $0) })
        let verifier: CognitoVerifier
        do {
            let configuration = try CognitoConfiguration.fromEnvironment()
            guard Self.namesAudience(ProcessInfo.processInfo.environment) else {
                printToStandardError(
                    "cognito-jwt serve: set COGNITO_AUDIENCE to the accepted app client ids (comma-separated), "
                        + "or to * to accept every app client of the pool")
                throw ExitCode(2)
            }
            verifier = try CognitoVerifier(configuration: configuration, logger: logger)
        } catch let error as CognitoConfigurationError {
            printToStandardError("cognito-jwt serve: \(error.message)")
            throw ExitCode(2)
        }
        let users = try await UserDatabase.openAndMigrate(database, command: "serve", logger: logger)
        do {
            try await verifier.hydrate()
        } catch {
            logger.warning(
                "JWKS not available yet; protected routes answer 503 until it is", metadata: ["reason": "\(error)"])
        }
        let pools = verifier.keyStores.map(\.location).joined(separator: ", ")
        var app = Application(
            router: DemoAPI.router(
                verifier: verifier, store: CognitoUserStore(logger: logger), databases: users.databases),
            configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "cognito-jwt-serve"),
            onServerRunning: { [port] _ in
                let line =
                    "cognito-jwt serve: http://127.0.0.1:\(port) (/health, /me, /admin, /orders); keys from \(pools); "
                    + "users in \(users.description)\n"
                FileHandle.standardOutput.write(Data(line.utf8))
            },
            logger: logger)
        app.addServices(JWKSRefreshService(verifier: verifier), users.databases)
        try await app.runService()
    }

    /// Whether the environment says which app clients a server accepts: client ids, or `*` for all of them.
    static func namesAudience(_ environment: [String: String]) -> Bool {
        !(environment["COGNITO_AUDIENCE"] ?? "").trimmingCharacters(in: .whitespaces).isEmpty
    }
}
