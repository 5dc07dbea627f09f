/// Why ``CognitoOpenAPISecurity`` refused an OpenAPI document or a table at start-up. The message names the
/// operation, scheme or scope, so the fix is clear before the first request.
public struct CognitoOpenAPIError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kinds of refusal.
    public enum Kind: Sendable, Equatable {
        /// The document is not readable OpenAPI 3.0 or 3.1 (YAML or JSON).
        case unreadableDocument
        /// An operation has no `operationId`, so no generated handler can be matched to it.
        case missingOperationID
        /// The table names an operation the document does not have.
        case unknownOperation
        /// A requirement uses a scheme a Cognito token cannot satisfy (`apiKey`, `http` other than `bearer`,
        /// `mutualTLS`).
        case unsupportedScheme
        /// A requirement lists a scope Cognito never issues (neither `openid`, `email`, `phone`, `profile`,
        /// `aws.cognito.signin.user.admin` nor a resource server's `identifier/name`).
        case scopeNeverIssued
        /// `x-cognito-groups` is not a list of group names.
        case invalidGroups
        /// `x-cognito-groups` is on a path item or the document, where it would guard no operation: it belongs
        /// on each operation.
        case misplacedGroups
        /// Two operations share an `operationId`, so one's security would silently replace the other's.
        case duplicateOperationID
    }

    /// What was refused.
    public let kind: Kind
    /// A sentence for people.
    public let message: String

    /// An error of `kind`.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
