import CognitoJWT
import Configuration

extension CognitoConfiguration {
    /// Reads the whole configuration from a swift-configuration reader: environment variables, a JSON or YAML
    /// file, command-line arguments, or several of them, with the keys of ``CognitoConfigurationKey/all``
    /// (`cognito.aws.region`, `cognito.audience`, …). The values go through the same validation as
    /// ``CognitoJWT/CognitoConfiguration/fromEnvironment(_:)``, with the same messages.
    ///
    /// ```swift
    /// let reader = ConfigReader(providers: [EnvironmentVariablesProvider(), try await FileProvider<JSONSnapshot>(filePath: "cognito.json")])
    /// let verifier = try CognitoVerifier(configuration: CognitoConfiguration(reader: reader))
    /// ```
    ///
    /// - Throws: `CognitoConfigurationError`, a secret value in its message redacted.
    public init(reader: ConfigReader) throws(CognitoConfigurationError) {
        try self.init(settingValues: CognitoConfigurationKey.values(in: reader))
    }

    /// Reads the whole configuration from one snapshot of a reader (see ``init(reader:)``), so that every setting
    /// comes from the same moment of a reloading provider.
    public init(snapshot: ConfigSnapshotReader) throws(CognitoConfigurationError) {
        try self.init(settingValues: CognitoConfigurationKey.values(in: snapshot))
    }

    /// Validates values named by environment variable, redacting secret values from the error.
    init(settingValues values: [CognitoConfigurationKey: String]) throws(CognitoConfigurationError) {
        var named: [String: String] = [:]
        for (key, value) in values { named[key.environmentVariable] = value }
        do {
            try self.init(settingValues: named)
        } catch {
            var message = error.message
            for (key, value) in values where key.isSecret && !value.isEmpty {
                message = message.replacingOccurrences(of: value, with: "<redacted>")
            }
            throw CognitoConfigurationError(message)
        }
    }
}
