import CognitoJWT

/// The security of every operation of an API, by `operationId`: read once at start-up from the OpenAPI
/// document's `security` (``init(document:overriding:)``), or given as a table in code
/// (``init(operations:default:)``).
///
/// An operation the table does not name gets ``defaultSecurity`` (a verified token, unless set otherwise), so
/// an operation added to the API later is never public by mistake.
public struct CognitoOpenAPISecurity: Sendable {
    /// Each operation's security, by `operationId`.
    public let operations: [String: CognitoOperationSecurity]
    /// The security of an operation the table does not name.
    public let defaultSecurity: CognitoOperationSecurity

    /// A table given in code.
    ///
    /// - Parameters:
    ///   - operations: each operation's security, by `operationId` (e.g. `Operations.GetMe.id`).
    ///   - default: the security of any other operation (default: a verified token).
    public init(
        operations: [String: CognitoOperationSecurity], default: CognitoOperationSecurity = .token
    ) {
        self.operations = operations
        self.defaultSecurity = `default`
    }

    /// The security an OpenAPI document (3.0 or 3.1, YAML or JSON) declares, with entries of `overriding`
    /// replacing the document's for their operations.
    ///
    /// The document's global `security` applies to operations without their own. Between requirement objects
    /// it is OR, inside one AND. The scopes listed for an `oauth2` or `openIdConnect` scheme become required
    /// scopes; an `http` `bearer` scheme needs a verified token; an empty requirement `{}` or `security: []`
    /// makes the operation public. An operation's `x-cognito-groups: [admin, staff]` requires one of those
    /// Cognito groups in every alternative; on a path item or the document itself it is refused.
    ///
    /// - Throws: ``CognitoOpenAPIError`` when the document cannot be read, an operation has no `operationId`, two
    ///   operations share one, `x-cognito-groups` is anywhere but on an operation, a requirement uses a scheme a
    ///   Cognito token cannot meet or a scope Cognito never issues, or `overriding` names an operation the
    ///   document does not have.
    public init(
        document: String, overriding: [String: CognitoOperationSecurity] = [:]
    ) throws(CognitoOpenAPIError) {
        var operations = try OpenAPIDocumentSecurity.operations(in: document)
        for (operationID, security) in overriding {
            guard operations[operationID] != nil else {
                throw CognitoOpenAPIError(
                    .unknownOperation, "the OpenAPI document has no operation with operationId \(operationID)")
            }
            operations[operationID] = security
        }
        self.init(operations: operations, default: .token)
    }

    /// The security of the operation `operationID`.
    public func security(of operationID: String) -> CognitoOperationSecurity {
        operations[operationID] ?? defaultSecurity
    }
}
