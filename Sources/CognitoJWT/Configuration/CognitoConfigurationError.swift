/// A configuration that cannot work: missing, malformed or contradictory settings. Raised at start-up,
/// never at the first request.
public struct CognitoConfigurationError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, naming the setting.
    public let message: String

    /// Creates an error.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
