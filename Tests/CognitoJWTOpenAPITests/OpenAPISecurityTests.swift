import CognitoJWT
import CognitoJWTOpenAPI
import Testing

@Suite("CognitoOpenAPISecurity: an OpenAPI document's security, read once at start-up")
struct OpenAPISecurityTests {
    /// The alternatives of an operation, as (groups, scopes) pairs; `nil` for a public operation.
    func alternatives(_ security: CognitoOperationSecurity) -> [[[String]]]? {
        switch security {
        case .public: return nil
        case .anyOf(let list): return list.map { [$0.anyOfGroups, $0.allOfScopes] }
        }
    }

    /// A minimal 3.1 document with one operation `op` and `securityLines` under it (already indented).
    func document(_ operationLines: String, schemes: String = "", global: String = "") -> String {
        """
        openapi: 3.1.0
        info: {title: t, version: "1"}
        \(global)
        paths:
          /x:
            get:
              operationId: op
        \(operationLines)
              responses:
                "200": {description: ok}
        components:
          securitySchemes:
            bearer: {type: http, scheme: bearer}
            oauth:
              type: oauth2
              flows:
                clientCredentials:
                  tokenUrl: https://auth.example.com/oauth2/token
                  scopes: {orders/read: r, write:pets: w, openid: o}
            key: {type: apiKey, name: X-Key, in: header}
            basic: {type: http, scheme: basic}
        \(schemes)
        """
    }

    @Test("each operation of the test API: public, token, scope, OR, AND, group")
    func testDocument() throws {
        let security = try CognitoOpenAPISecurity(document: ordersDocument)
        #expect(security.operations.count == 6)
        #expect(alternatives(security.security(of: "getHealth")) == nil)
        #expect(alternatives(security.security(of: "getMe")) == [[[], []]])
        #expect(alternatives(security.security(of: "listOrders")) == [[[], ["orders/read"]]])
        #expect(alternatives(security.security(of: "getReports")) == [[[], ["reports/read"]], [[], ["admin/all"]]])
        #expect(alternatives(security.security(of: "getAudit")) == [[[], ["audit/read"]]])
        #expect(alternatives(security.security(of: "getAdmin")) == [[["admin"], []]])
        #expect(alternatives(security.security(of: "notInTheDocument")) == [[[], []]])
    }

    @Test("an empty requirement {} among the alternatives makes the operation public")
    func emptyRequirementIsPublic() throws {
        let text = document("      security:\n        - oauth: [orders/read]\n        - {}")
        #expect(alternatives(try CognitoOpenAPISecurity(document: text).security(of: "op")) == nil)
    }

    @Test("the global security applies to an operation without its own; security: [] removes it")
    func globalSecurity() throws {
        let inherited = document("", global: "security:\n  - oauth: [openid]")
        #expect(alternatives(try CognitoOpenAPISecurity(document: inherited).security(of: "op")) == [[[], ["openid"]]])
        let removed = document("      security: []", global: "security:\n  - oauth: [openid]")
        #expect(alternatives(try CognitoOpenAPISecurity(document: removed).security(of: "op")) == nil)
        #expect(alternatives(try CognitoOpenAPISecurity(document: document("")).security(of: "op")) == nil)
    }

    @Test("an OpenAPI 3.0 document in JSON is read the same way")
    func openAPI30JSON() throws {
        let json = """
            {"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
             "paths": {"/x": {"get": {"operationId": "op", "security": [{"oauth": ["orders/read"], "bearer": []}],
               "responses": {"200": {"description": "ok"}}}}},
             "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"},
               "oauth": {"type": "openIdConnect", "openIdConnectUrl": "https://example.com/.well-known/openid-configuration"}}}}
            """
        #expect(alternatives(try CognitoOpenAPISecurity(document: json).security(of: "op")) == [[[], ["orders/read"]]])
    }

    @Test("a scope Cognito never issues is refused at start-up, naming the operation, scheme and scope")
    func scopeNeverIssued() {
        let text = document("      security:\n        - oauth: [write:pets]")
        #expect {
            try CognitoOpenAPISecurity(document: text)
        } throws: { error in
            let error = error as? CognitoOpenAPIError
            return error?.kind == .scopeNeverIssued && error?.message.contains("write:pets") == true
                && error?.message.contains("op") == true && error?.message.contains("oauth") == true
        }
    }

    @Test("schemes a Cognito token cannot meet (apiKey, http basic) are refused at start-up")
    func unsupportedSchemes() {
        for scheme in ["key", "basic"] {
            let text = document("      security:\n        - \(scheme): []")
            #expect(throws: CognitoOpenAPIError.self) { try CognitoOpenAPISecurity(document: text) }
            do {
                _ = try CognitoOpenAPISecurity(document: text)
            } catch {
                #expect(error.kind == .unsupportedScheme)
                #expect(error.message.contains(scheme))
            }
        }
    }

    @Test("an override naming an operation the document does not have is refused at start-up")
    func unknownOperation() throws {
        do {
            _ = try CognitoOpenAPISecurity(document: ordersDocument, overriding: ["getMee": .public])
            Issue.record("an unknown operation was accepted")
        } catch {
            #expect(error.kind == .unknownOperation)
            #expect(error.message.contains("getMee"))
        }
        let overridden = try CognitoOpenAPISecurity(document: ordersDocument, overriding: ["getMe": .public])
        #expect(alternatives(overridden.security(of: "getMe")) == nil)
    }

    @Test("unreadable documents, operations without operationId and bad x-cognito-groups are refused")
    func unreadable() {
        let cases: [(String, CognitoOpenAPIError.Kind)] = [
            ("not: [an, openapi, document", .unreadableDocument),
            ("openapi: 3.1.0\ninfo: {title: t}\n", .unreadableDocument),
            (document("").replacingOccurrences(of: "      operationId: op\n", with: ""), .missingOperationID),
            (document("      x-cognito-groups: admin"), .invalidGroups),
            (document("      x-cognito-groups: []"), .invalidGroups),
            (document("      security:\n        - missing: []"), .unreadableDocument),
        ]
        for (text, kind) in cases {
            do {
                _ = try CognitoOpenAPISecurity(document: text)
                Issue.record("accepted a document that should be refused as \(kind)")
            } catch {
                #expect(error.kind == kind)
            }
        }
    }
}
