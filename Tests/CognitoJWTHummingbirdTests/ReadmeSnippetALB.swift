// The ALB example of the README, verbatim (kept compiling and tested by ALBAuthenticatorTests).

// --- README snippet begins ---
import CognitoJWT
import CognitoJWTHummingbird
import Hummingbird

/// Behind an Application Load Balancer whose listener rule authenticates with Cognito: the load balancer's
/// signed headers, or a bearer token for callers that come another way.
func buildALBApplication(
    verifier: CognitoVerifier, albConfiguration: ALBConfiguration, port: Int = 8080
) throws -> some ApplicationProtocol {
    // Also checks x-amzn-oidc-accesstoken (groups, scopes) and that every sub agrees.
    let alb = try ALBVerifier(configuration: albConfiguration, accessTokenVerifier: verifier)
    let router = Router(context: BasicCognitoRequestContext<CognitoIdentity>.self)
    router.add(middleware: CognitoAuthenticator(verifier: verifier))  // Authorization: Bearer …
    router.add(middleware: CognitoALBAuthenticator(verifier: alb))  // x-amzn-oidc-data, signer checked
    router.group("me")
        .add(middleware: CognitoGuardMiddleware())  // either path; else 401
        .get { _, context in try context.requireIdentity().username ?? "client" }
    router.group("admin")
        .add(middleware: CognitoGuardMiddleware(anyOfGroups: ["admin"]))  // the access token's groups
        .get { _, _ in "admin area" }
    return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
}

func runALBApplication() async throws {
    // COGNITO_ALB_ARN, COGNITO_AWS_REGION, COGNITO_USER_POOL, COGNITO_AUDIENCE (and COGNITO_ALB_KEY_URL)
    let albConfiguration = try ALBConfiguration.fromEnvironment()
    let verifier = try CognitoVerifier(configuration: .fromEnvironment())
    try await buildALBApplication(verifier: verifier, albConfiguration: albConfiguration).runService()
}
// --- README snippet ends ---
