import CognitoJWT
import Foundation
import OpenAPIKit
import OpenAPIKit30
import OpenAPIKitCompat
import Yams

/// Reads the `security` of each operation of an OpenAPI document into ``CognitoOperationSecurity``.
enum OpenAPIDocumentSecurity {
    /// The scopes Cognito issues that are not a resource server's `identifier/name`.
    static let standardScopes: Set<String> = ["openid", "email", "phone", "profile", "aws.cognito.signin.user.admin"]

    /// The vendor extension naming the Cognito groups an operation requires (any of).
    static let groupsExtension = "x-cognito-groups"

    /// Only the `openapi` member, to choose the decoder.
    struct VersionProbe: Decodable {
        let openapi: String
    }

    /// Each operation's security, by `operationId`.
    static func operations(in text: String) throws(CognitoOpenAPIError) -> [String: CognitoOperationSecurity] {
        let document = try decode(text)
        let resolved: OpenAPIKit.ResolvedDocument
        do {
            resolved = try document.locallyDereferenced().resolved()
        } catch {
            throw CognitoOpenAPIError(
                .unreadableDocument, "the OpenAPI document refers to a component it does not define")
        }
        if document.vendorExtensions[groupsExtension] != nil {
            throw CognitoOpenAPIError(
                .misplacedGroups,
                "\(groupsExtension) is on the document itself, where it guards no operation; put it on each "
                    + "operation")
        }
        for route in resolved.routes where route.vendorExtensions[groupsExtension] != nil {
            throw CognitoOpenAPIError(
                .misplacedGroups,
                "\(groupsExtension) is on the path item \(route.path.rawValue), where it guards no operation; put it "
                    + "on each of its operations")
        }
        var operations: [String: CognitoOperationSecurity] = [:]
        var firstEndpoint: [String: String] = [:]
        for endpoint in resolved.endpoints {
            let name = "\(endpoint.method.rawValue.uppercased()) \(endpoint.path.rawValue)"
            guard let operationID = endpoint.operationId, !operationID.isEmpty else {
                throw CognitoOpenAPIError(.missingOperationID, "the operation \(name) has no operationId")
            }
            if let first = firstEndpoint.updateValue(name, forKey: operationID) {
                throw CognitoOpenAPIError(
                    .duplicateOperationID,
                    "the operations \(first) and \(name) have the same operationId \(operationID)")
            }
            let groups = try groups(endpoint.endpointVendorExtensions[groupsExtension], operation: operationID)
            operations[operationID] = try security(of: endpoint.security, groups: groups, operation: operationID)
        }
        return operations
    }

    /// The document as OpenAPIKit's 3.1 model (a 3.0 document converted).
    static func decode(_ text: String) throws(CognitoOpenAPIError) -> OpenAPIKit.OpenAPI.Document {
        let decoder = YAMLDecoder()
        do {
            let probe = try decoder.decode(VersionProbe.self, from: text)
            if probe.openapi.hasPrefix("3.0") {
                return try decoder.decode(OpenAPIKit30.OpenAPI.Document.self, from: text).convert(to: .v3_1_1)
            }
            return try decoder.decode(OpenAPIKit.OpenAPI.Document.self, from: text)
        } catch {
            throw CognitoOpenAPIError(.unreadableDocument, "the OpenAPI document is not readable OpenAPI 3.0 or 3.1")
        }
    }

    /// An operation's alternatives: public when there is none or one is empty.
    static func security(
        of requirements: [OpenAPIKit.DereferencedSecurityRequirement], groups: [String], operation: String
    ) throws(CognitoOpenAPIError) -> CognitoOperationSecurity {
        if requirements.isEmpty && groups.isEmpty { return .public }
        if requirements.isEmpty { return .requiring(anyOfGroups: groups) }
        var alternatives: [CognitoRequirements] = []
        for requirement in requirements {
            if requirement.schemes.isEmpty && groups.isEmpty { return .public }
            var scopes: [String] = []
            for (name, scheme) in requirement.schemes.sorted(by: { $0.key < $1.key }) {
                scopes += try requiredScopes(scheme, named: name, operation: operation)
            }
            alternatives.append(CognitoRequirements(anyOfGroups: groups, allOfScopes: scopes))
        }
        return .anyOf(alternatives)
    }

    /// The scopes a scheme of a requirement adds; throws for a scheme a Cognito token cannot meet.
    static func requiredScopes(
        _ scheme: OpenAPIKit.DereferencedSecurityRequirement.ScopedScheme, named name: String, operation: String
    ) throws(CognitoOpenAPIError) -> [String] {
        switch scheme.securityScheme.type {
        case .oauth2, .openIdConnect:
            for scope in scheme.requiredScopes where !isIssued(scope) {
                throw CognitoOpenAPIError(
                    .scopeNeverIssued,
                    "the operation \(operation) requires the scope \(scope) of the scheme \(name), which Cognito "
                        + "never issues (a resource server's scopes are identifier/name)")
            }
            return scheme.requiredScopes
        case .http(let httpScheme, _) where httpScheme.lowercased() == "bearer":
            return []
        case .http, .apiKey, .mutualTLS:
            throw CognitoOpenAPIError(
                .unsupportedScheme,
                "the operation \(operation) requires the scheme \(name) (\(scheme.securityScheme.type.name.rawValue)),"
                    + " which a Cognito bearer token cannot satisfy")
        }
    }

    /// Whether Cognito can issue `scope`: a standard scope, or a resource server's `identifier/name`.
    static func isIssued(_ scope: String) -> Bool {
        if standardScopes.contains(where: { $0.utf8.elementsEqual(scope.utf8) }) { return true }
        guard let slash = scope.utf8.lastIndex(of: UInt8(ascii: "/")) else { return false }
        return slash != scope.utf8.startIndex && scope.utf8.index(after: slash) != scope.utf8.endIndex
            && !scope.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F })
    }

    /// The `x-cognito-groups` list.
    static func groups(_ value: AnyCodable?, operation: String) throws(CognitoOpenAPIError) -> [String] {
        guard let value else { return [] }
        guard let list = value.value as? [Any], !list.isEmpty,
            case let names = list.compactMap({ $0 as? String }), names.count == list.count,
            !names.contains(where: \.isEmpty)
        else {
            throw CognitoOpenAPIError(
                .invalidGroups, "\(groupsExtension) of the operation \(operation) is not a list of group names")
        }
        return names
    }
}
