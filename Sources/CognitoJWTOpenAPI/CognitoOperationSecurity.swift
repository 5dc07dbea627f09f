import CognitoJWT

/// What one OpenAPI operation needs from a request: nothing (public), or a verified token meeting one of several
/// alternative requirements (OpenAPI's `security`: OR between requirement objects, AND inside one).
public enum CognitoOperationSecurity: Sendable {
    /// No token needed (`security: []`, or an empty requirement `{}`). A valid token still reaches the handler.
    case `public`
    /// A verified token that meets at least one of these requirements (never empty).
    case anyOf([CognitoRequirements])

    /// A verified token, with no requirement beyond it.
    public static let token = CognitoOperationSecurity.anyOf([.none])

    /// A verified token meeting `requirements`.
    public static func requiring(_ requirements: CognitoRequirements) -> CognitoOperationSecurity {
        .anyOf([requirements])
    }

    /// A verified token in at least one of `groups` and with every one of `scopes`.
    public static func requiring(
        anyOfGroups groups: [String] = [], allOfScopes scopes: [String] = []
    )
        -> CognitoOperationSecurity
    {
        .anyOf([CognitoRequirements(anyOfGroups: groups, allOfScopes: scopes)])
    }
}
