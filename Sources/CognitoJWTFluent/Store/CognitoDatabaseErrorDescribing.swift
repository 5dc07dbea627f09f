/// A database driver's error that can name its cause for a log line without secrets: no password, no connection
/// URL, no row values.
///
/// ``CognitoUserStore`` logs ``causeDescription`` of such an error where it would otherwise log
/// `String(describing:)`, which for PostgresNIO's `PSQLError` is only a generic sentence. Conform your driver's
/// error type in the app (the `cognito-jwt` command does it for `PSQLError`).
public protocol CognitoDatabaseErrorDescribing: Error {
    /// The cause in words, e.g. `database "app" does not exist (SQLSTATE 3D000)`, without secrets.
    var causeDescription: String { get }
}
