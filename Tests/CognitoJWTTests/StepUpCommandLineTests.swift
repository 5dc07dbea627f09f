import CognitoJWT
import CognitoJWTTesting
import Foundation
import Testing

/// `cognito-jwt verify` with issuer forms, replica regions and step-up flags; `decode` naming the issuer form.
extension CommandLineTests {
    /// The shared issuer's JWKS in a temporary file.
    static let localJWKSFile: String = {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cli-jwks-\(UUID().uuidString).json")
            .path
        FileManager.default.createFile(atPath: path, contents: Data(sharedIssuer.jwksJSON.utf8))
        return path
    }()

    func localToken(iss: String? = nil, acr: String = "urn:cognito:loa:2", authTime: Int = fixedNow - 100) -> String {
        sharedIssuer.accessToken(
            username: "alice", issuedAt: fixedNow - 10, issuer: iss,
            extraClaims: LocalCognitoIssuer.authenticationClaims(acr: acr, amr: ["pwd", "otp"], authTime: authTime))
    }

    func verifyLocal(_ flags: [String], token: String) throws -> Run {
        try run(
            [
                "verify", "--jwks-file", Self.localJWKSFile, "--user-pool", sharedIssuer.userPoolID, "--client-id",
                sharedIssuer.clientID, "--now", "\(fixedNow)",
            ]
                + flags + [token])
    }

    @Test(
        "step-up flags: met is exit 0; unmet is exit 1 with `rejected: insufficient_user_authentication: …`",
        arguments: [
            (["--acr", "urn:cognito:loa:2"], true),
            (["--acr", "urn:cognito:loa:3", "--acr", "urn:cognito:loa:2"], true),
            (["--acr", "urn:cognito:loa:3"], false), (["--amr", "pwd", "--amr", "otp"], true),
            (["--amr", "mfa"], false), (["--max-age", "100"], true), (["--max-age", "99"], false),
        ])
    func stepUpFlags(flags: [String], accepted: Bool) throws {
        let result = try verifyLocal(flags, token: localToken())
        if accepted {
            #expect(result.status == 0, "\(result.stderr)")
            #expect(try StrictJSON.parseObject(Array(result.stdout.utf8))["acr"]?.stringValue == "urn:cognito:loa:2")
        } else {
            #expect(result.status == 1)
            #expect(result.stdout.isEmpty)
            #expect(result.stderr.hasPrefix("rejected: insufficient_user_authentication: "), "\(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1)
        }
    }

    @Test("--user-pool alone takes the region from the pool id; both issuer forms by default; --issuer-format narrows")
    func issuerForms() throws {
        let updated = sharedIssuer.cognitoIssuer(.updated)
        #expect(try verifyLocal([], token: localToken()).status == 0)
        #expect(try verifyLocal([], token: localToken(iss: updated)).status == 0)
        #expect(try verifyLocal(["--issuer-format", "updated"], token: localToken(iss: updated)).status == 0)
        let narrowed = try verifyLocal(["--issuer-format", "original"], token: localToken(iss: updated))
        #expect(narrowed.status == 1)
        #expect(narrowed.stderr.hasPrefix("rejected: wrong_issuer: "))
    }

    @Test("--replica-region adds that region's original issuer; a contradicting --region is exit 2 unless a replica")
    func replicaRegions() throws {
        let replica = sharedIssuer.cognitoIssuer(.original, region: "eu-west-1")
        #expect(try verifyLocal([], token: localToken(iss: replica)).status == 1)
        #expect(try verifyLocal(["--replica-region", "eu-west-1"], token: localToken(iss: replica)).status == 0)
        let contradicting = try verifyLocal(["--region", "eu-west-1"], token: localToken())
        #expect(contradicting.status == 2)
        #expect(contradicting.stdout.isEmpty)
        #expect(contradicting.stderr.contains("contradicts"))
        let asReplica = try verifyLocal(
            ["--region", "eu-west-1", "--replica-region", "eu-west-1"], token: localToken())
        #expect(asReplica.status == 0)
        for bad in [["--issuer-format", "newest"], ["--max-age", "soon"], ["--max-age", "-1"]] {
            #expect(try verifyLocal(bad, token: localToken()).status == 2, "\(bad)")
        }
    }

    @Test("decode names the issuer form and region a token claims")
    func decodeIssuerForm() throws {
        let replica = try run(["decode", localToken(iss: sharedIssuer.cognitoIssuer(.original, region: "eu-west-1"))])
        #expect(replica.status == 0)
        #expect(
            replica.stdout.contains(
                "issuer: original form (cognito-idp), region eu-west-1, user pool eu-central-1_TestPool "
                    + "(a replica region: the pool's own region is eu-central-1)"))
        let updated = try run(["decode", localToken(iss: sharedIssuer.cognitoIssuer(.updated))])
        #expect(
            updated.stdout.contains(
                "issuer: updated form (issuer-cognito-idp), primary region eu-central-1, user pool eu-central-1_TestPool"
            ))
        let emulator = try run(["decode", localToken(iss: "http://127.0.0.1:9229/local")])
        #expect(emulator.stdout.contains("issuer: not an AWS Cognito issuer"))
    }
}
