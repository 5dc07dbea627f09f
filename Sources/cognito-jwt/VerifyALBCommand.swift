import ArgumentParser
import CognitoJWT
import Foundation

/// `cognito-jwt verify-alb`: the library's ALB verifier on one data token (`x-amzn-oidc-data`); prints the
/// verified claims or why the token was rejected.
struct VerifyALBCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-alb",
        abstract:
            "Verify an ALB data token (x-amzn-oidc-data); print its claims as JSON (exit 0) or `rejected: CODE: message` (exit 1).",
        discussion: """
            The load balancer's public key is fetched from
            https://public-keys.auth.elb.REGION.amazonaws.com/KID (GovCloud: its S3
            location), or from --key-url BASE as BASE/KID.
            COGNITO_ALB_ARN, COGNITO_AWS_REGION, COGNITO_USER_POOL, COGNITO_ISSUER,
            COGNITO_AUDIENCE, COGNITO_ALB_KEY_URL and COGNITO_LEEWAY_SECONDS fill what
            the options leave out.
            Exit codes: 0 accepted, 1 rejected, 2 usage or configuration error.
            """
    )

    @Option(name: .customLong("alb-arn"), help: "The ARN of a load balancer whose tokens are accepted (repeatable).")
    var albARNs: [String] = []

    @Option(help: "The pool's AWS region (default: the one the pool id carries).")
    var region: String?

    @Option(name: .customLong("user-pool"), help: "The user pool id, e.g. eu-central-1_xYzaq.")
    var userPool: String?

    @Option(help: "The pool's issuer URL, instead of --region and --user-pool.")
    var issuer: String?

    @Option(name: .customLong("client-id"), help: "An accepted app client id (repeatable).")
    var clientIDs: [String] = []

    @Option(
        name: .customLong("key-url"), help: "Fetch the load balancer's keys from BASE/KID instead of AWS's location.")
    var keyURL: String?

    @Option(help: "Check the expiry at this moment (seconds since 1970) instead of now.")
    var now: String?

    @Option(help: "Tolerated clock skew in seconds (default 0).")
    var leeway: String?

    @Argument(help: "The data token (the x-amzn-oidc-data header's value).")
    var token: String

    func validate() throws {
        if issuer != nil && (region != nil || userPool != nil) {
            throw ValidationError("give --issuer or --region and --user-pool, not both")
        }
    }

    func run() async throws {
        var moment: Double?
        if let now {
            guard let value = Double(now), value.isFinite else {
                throw ValidationError("--now must be a number of seconds since 1970, not \(now)")
            }
            moment = value
        }
        let verifier = try makeALBVerifier(environment: ProcessInfo.processInfo.environment)
        do {
            let claims = try await verifier.verify(token, now: moment)
            print(JSONValue.object(claims.raw).jsonText)
        } catch {
            let message = error.message.split(whereSeparator: \.isNewline).joined(separator: " ")
            printToStandardError("rejected: \(error.code.rawValue): \(message)")
            throw ExitCode(1)
        }
    }

    /// `environment` with the options given laid over it. The pool (issuer, or region and pool id) comes from one
    /// side as a whole, never mixed.
    func settings(over environment: [String: String]) -> [String: String] {
        var merged = environment
        if !albARNs.isEmpty { merged["COGNITO_ALB_ARN"] = albARNs.joined(separator: ",") }
        if issuer != nil || region != nil || userPool != nil {
            merged["COGNITO_ISSUER"] = issuer
            merged["COGNITO_AWS_REGION"] = region
            merged["COGNITO_USER_POOL"] = userPool
        }
        if !clientIDs.isEmpty { merged["COGNITO_AUDIENCE"] = clientIDs.joined(separator: ",") }
        if let keyURL { merged["COGNITO_ALB_KEY_URL"] = keyURL }
        if let leeway { merged["COGNITO_LEEWAY_SECONDS"] = leeway }
        return merged
    }

    /// The verifier the options and `environment` configure; configuration errors exit with code 2.
    func makeALBVerifier(environment: [String: String]) throws -> ALBVerifier {
        do {
            let configuration = try ALBConfiguration.fromEnvironment(settings(over: environment))
            return try ALBVerifier(configuration: configuration, logger: silentLogger)
        } catch {
            throw ValidationError(error.message)
        }
    }
}
