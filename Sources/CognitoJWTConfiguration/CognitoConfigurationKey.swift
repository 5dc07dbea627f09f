import Configuration

/// One setting of ``CognitoJWT/CognitoConfiguration`` as swift-configuration reads it: its key
/// (`cognito.aws.region`) and the environment variable the same key is in `EnvironmentVariablesProvider`
/// (`COGNITO_AWS_REGION`).
public struct CognitoConfigurationKey: Sendable, Hashable {
    /// The key, dot-separated, e.g. `cognito.jwks.timeoutSeconds`.
    public let name: String
    /// The environment variable, e.g. `COGNITO_JWKS_TIMEOUT_SECONDS`.
    public let environmentVariable: String
    /// Whether a list of strings is accepted too (joined with commas), as in a JSON or YAML file.
    public let isList: Bool
    /// Whether the value is a secret: never logged by the reader, and redacted from configuration errors.
    public let isSecret: Bool

    /// A setting.
    public init(_ name: String, environmentVariable: String, isList: Bool = false, isSecret: Bool = false) {
        self.name = name
        self.environmentVariable = environmentVariable
        self.isList = isList
        self.isSecret = isSecret
    }

    /// The key as swift-configuration takes it.
    public var configKey: ConfigKey { ConfigKey(name) }
}
