import ArgumentParser
import CognitoJWT
import Foundation
import Logging

/// `cognito-jwt verify`: the library's verifier on one token; prints the verified claims or why it was rejected.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify a Cognito token; print its claims as JSON (exit 0) or `rejected: CODE: message` (exit 1).",
        discussion: """
            COGNITO_AWS_REGION, COGNITO_USER_POOL, COGNITO_ISSUER, COGNITO_ISSUER_FORMAT, COGNITO_REPLICA_REGIONS,
            COGNITO_AUDIENCE, COGNITO_TOKEN_USE, COGNITO_JWKS_URL and COGNITO_LEEWAY_SECONDS fill what the options
            leave out.
            Exit codes: 0 accepted, 1 rejected, 2 usage or configuration error.
            """
    )

    @OptionGroup var pool: PoolOptions

    @Option(
        name: .customLong("client-id"),
        help: "An accepted app client id (repeatable), or * for every app client of the pool; required.")
    var clientIDs: [String] = []

    @Option(name: .customLong("token-use"), help: "id, access or any (default any).")
    var tokenUse: String?

    @Option(name: .customLong("group"), help: "A required group; any one suffices (repeatable).")
    var groups: [String] = []

    @Option(name: .customLong("scope"), help: "A required scope; all are needed (repeatable).")
    var scopes: [String] = []

    @Option(name: .customLong("acr"), help: "An accepted acr (repeatable): the token's acr must be one of them.")
    var acrValues: [String] = []

    @Option(name: .customLong("amr"), help: "A required amr value (repeatable): the token's amr must contain all.")
    var amrValues: [String] = []

    @Option(name: .customLong("max-age"), help: "The token's auth_time must be at most this many seconds old.")
    var maxAge: String?

    @Option(help: "Check the time claims at this moment (seconds since 1970) instead of now.")
    var now: String?

    @Option(help: "Tolerated clock skew in seconds (default 0).")
    var leeway: String?

    @Argument(help: "The token (without `Bearer `).")
    var token: String

    func run() async throws {
        var flags = pool.settings
        flags.audience = clientIDs.isEmpty ? nil : clientIDs.joined(separator: ",")
        flags.tokenUse = tokenUse
        flags.leewaySeconds = leeway
        var moment: Double?
        if let now {
            guard let value = Double(now), value.isFinite else {
                throw ValidationError("--now must be a number of seconds since 1970, not \(now)")
            }
            moment = value
        }
        var age: Duration?
        if let maxAge {
            guard let seconds = Int64(maxAge), seconds >= 0 else {
                throw ValidationError("--max-age must be a whole number of seconds, not \(maxAge)")
            }
            age = .seconds(seconds)
        }
        let requirements = CognitoRequirements(
            anyOfGroups: groups, allOfScopes: scopes, anyOfACR: acrValues, allOfAMR: amrValues, maxAge: age)
        let verifier = try makeVerifier(flags, cacheCapacity: 0)
        do {
            let claims = try await verifier.verify(token, requiring: requirements, now: moment)
            print(JSONValue.object(claims.raw).jsonText)
        } catch {
            let message = error.message.split(whereSeparator: \.isNewline).joined(separator: " ")
            printToStandardError("rejected: \(error.code.rawValue): \(message)")
            throw ExitCode(1)
        }
    }
}

/// The options that name a pool and its keys, shared by the commands.
struct PoolOptions: ParsableArguments {
    @Option(name: .customLong("jwks-file"), help: "Read the JWKS from this file.")
    var jwksFile: String?

    @Option(name: .customLong("jwks-url"), help: "Fetch the JWKS from this URL (default ISSUER/.well-known/jwks.json).")
    var jwksURL: String?

    @Option(help: "The pool's AWS region (default: the one the pool id carries).")
    var region: String?

    @Option(name: .customLong("user-pool"), help: "The user pool id, e.g. eu-central-1_xYzaq.")
    var userPool: String?

    @Option(name: .customLong("issuer-format"), help: "The accepted issuer forms: original, updated or both (default).")
    var issuerFormat: String?

    @Option(name: .customLong("replica-region"), help: "A region the pool is replicated to (repeatable).")
    var replicaRegions: [String] = []

    @Option(help: "The issuer URL, instead of --region and --user-pool.")
    var issuer: String?

    func validate() throws {
        if jwksFile != nil && jwksURL != nil { throw ValidationError("give --jwks-file or --jwks-url, not both") }
    }

    /// The flags as settings (options not given stay nil).
    var settings: CognitoSettings {
        CognitoSettings(
            region: region, userPool: userPool, issuer: issuer, jwksURL: jwksURL, jwksFile: jwksFile,
            issuerFormat: issuerFormat,
            replicaRegions: replicaRegions.isEmpty ? nil : replicaRegions.joined(separator: ","))
    }
}

/// A verifier from flag settings filled in from the environment; configuration errors exit with code 2.
func makeVerifier(_ flags: CognitoSettings, cacheCapacity: Int) throws -> CognitoVerifier {
    do {
        var configuration = try flags.filling(from: CognitoSettings(environment: ProcessInfo.processInfo.environment))
            .configuration()
        configuration.cacheCapacity = cacheCapacity
        return try CognitoVerifier(configuration: configuration, logger: silentLogger)
    } catch {
        throw ValidationError(error.message)
    }
}

/// A logger that drops everything: the CLI's output is its contract.
let silentLogger = Logger(label: "cognito-jwt", factory: { _ in SwiftLogNoOpLogHandler() })
