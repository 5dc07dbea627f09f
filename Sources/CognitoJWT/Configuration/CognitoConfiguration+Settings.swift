import Foundation

extension CognitoConfiguration {
    /// The default capacity of the verified-token cache.
    package static let defaultCacheCapacity = 10_000
    /// The largest `COGNITO_CACHE_CAPACITY`.
    package static let maximumCacheCapacity = 10_000_000
    /// The longest `COGNITO_REALM`.
    package static let maximumRealmLength = 100

    /// Validates settings named by their environment variables (`COGNITO_AWS_REGION`, …), wherever they came
    /// from: the environment (``fromEnvironment(_:)``) or a swift-configuration reader. Empty values count as
    /// unset.
    ///
    /// - Throws: ``CognitoConfigurationError`` naming the setting and the value it could not use.
    package init(settingValues values: [String: String]) throws(CognitoConfigurationError) {
        self = try CognitoSettings(environment: values).configuration()
        jwksOptions = try JWKSFetchOptions(environment: values)
        cacheCapacity = try Self.cacheCapacity(values["COGNITO_CACHE_CAPACITY"]) ?? Self.defaultCacheCapacity
        realm = try Self.realm(values["COGNITO_REALM"])
    }

    private static func present(_ value: String?) -> String? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    private static func cacheCapacity(_ value: String?) throws(CognitoConfigurationError) -> Int? {
        guard let text = present(value) else { return nil }
        return try SettingValue.wholeNumber(text, name: "COGNITO_CACHE_CAPACITY", in: 0...maximumCacheCapacity)
    }

    private static func realm(_ value: String?) throws(CognitoConfigurationError) -> String? {
        guard let text = present(value) else { return nil }
        let printable = text.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F && $0.value < 0x80 }
        guard printable, text.count <= maximumRealmLength else {
            throw CognitoConfigurationError(
                "COGNITO_REALM must be at most \(maximumRealmLength) printable ASCII characters")
        }
        return text
    }
}
