import Foundation

extension JWKSFetchOptions {
    /// The variables that set the fetch limits, with the option each sets.
    static var environmentVariables: [(name: String, option: WritableKeyPath<JWKSFetchOptions, Duration>)] {
        [
            ("COGNITO_JWKS_TIMEOUT_SECONDS", \.timeout),
            ("COGNITO_JWKS_COOLDOWN_SECONDS", \.cooldown),
            ("COGNITO_JWKS_BACKOFF_SECONDS", \.failureBackoff),
            ("COGNITO_JWKS_MAX_BACKOFF_SECONDS", \.maximumFailureBackoff),
        ]
    }

    /// The defaults, changed by `COGNITO_JWKS_TIMEOUT_SECONDS` (overall deadline of one fetch),
    /// `COGNITO_JWKS_COOLDOWN_SECONDS` (no refetch for an unknown `kid` for this long after one that lacked it),
    /// `COGNITO_JWKS_BACKOFF_SECONDS` and `COGNITO_JWKS_MAX_BACKOFF_SECONDS` (the first and the longest wait
    /// after failed fetches). Each is a number of seconds from 0 to 3600 (the timeout and back-offs above 0).
    ///
    /// - Throws: ``CognitoConfigurationError`` naming the variable and the value it could not read.
    public init(environment: [String: String]) throws(CognitoConfigurationError) {
        self.init()
        for (name, option) in Self.environmentVariables {
            guard let text = environment[name]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { continue }
            self[keyPath: option] = try SettingValue.seconds(
                text, name: name, excludingLowest: option != \.cooldown, to: 3_600)
        }
        if maximumFailureBackoff < failureBackoff {
            throw CognitoConfigurationError(
                "COGNITO_JWKS_MAX_BACKOFF_SECONDS must not be shorter than COGNITO_JWKS_BACKOFF_SECONDS")
        }
    }
}
