import CognitoJWTOpenAPI
import Testing

@Suite("CognitoOpenAPISecurity: what a document could mean two ways is refused at start-up")
struct OpenAPIDocumentRefusalTests {
    /// A 3.1 document with the paths `paths` (already indented under `paths:`) and `top` at its top level.
    func document(paths: String, top: String = "") -> String {
        """
        openapi: 3.1.0
        info: {title: t, version: "1"}
        \(top)
        paths:
        \(paths)
        components:
          securitySchemes:
            bearer: {type: http, scheme: bearer}
        security:
          - bearer: []
        """
    }

    /// The error `document` is refused with, or `nil` when it is accepted.
    func refusal(_ document: String) -> CognitoOpenAPIError? {
        do {
            _ = try CognitoOpenAPISecurity(document: document)
            return nil
        } catch {
            return error
        }
    }

    @Test("x-cognito-groups on a path item is refused, naming the path, in 3.1 and 3.0 documents")
    func groupsOnPathItem() throws {
        let paths = """
              /admin:
                x-cognito-groups: [admin]
                get:
                  operationId: getAdmin
                  responses:
                    "200": {description: ok}
            """
        let error = try #require(refusal(document(paths: paths)))
        #expect(error.kind == .misplacedGroups)
        #expect(error.message.contains("/admin"))
        #expect(error.message.contains("x-cognito-groups"))
        let openAPI30 = document(paths: paths).replacingOccurrences(of: "openapi: 3.1.0", with: "openapi: 3.0.3")
        #expect(refusal(openAPI30)?.kind == .misplacedGroups)
    }

    @Test("x-cognito-groups on the document itself is refused")
    func groupsOnDocument() throws {
        let paths = """
              /admin:
                get:
                  operationId: getAdmin
                  responses:
                    "200": {description: ok}
            """
        let error = try #require(refusal(document(paths: paths, top: "x-cognito-groups: [admin]")))
        #expect(error.kind == .misplacedGroups)
        #expect(refusal(document(paths: paths)) == nil)
    }

    @Test("two operations with one operationId are refused, naming both and the id, whichever is public")
    func duplicateOperationID() throws {
        let paths = """
              /admin:
                get:
                  operationId: getThing
                  x-cognito-groups: [admin]
                  responses:
                    "200": {description: ok}
              /open:
                get:
                  operationId: getThing
                  security: []
                  responses:
                    "200": {description: ok}
            """
        let error = try #require(refusal(document(paths: paths)))
        #expect(error.kind == .duplicateOperationID)
        #expect(error.message.contains("getThing"))
        #expect(error.message.contains("GET /admin") && error.message.contains("GET /open"))
        let sameRoute = """
              /thing:
                get:
                  operationId: thing
                  responses:
                    "200": {description: ok}
                delete:
                  operationId: thing
                  security: []
                  responses:
                    "200": {description: ok}
            """
        #expect(refusal(document(paths: sameRoute))?.kind == .duplicateOperationID)
    }
}
