import ArgumentParser
import CognitoJWT

/// `cognito-jwt decode`: shows a token's header and payload without verifying anything.
struct DecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Print a token's header and payload, UNVERIFIED (no signature, issuer or expiry check)."
    )

    @Argument(help: "The token.")
    var token: String

    func run() throws {
        let jws: CompactJWS
        do {
            jws = try CompactJWS(parsing: token)
        } catch {
            printToStandardError("error: \(error.code.rawValue): \(error.message)")
            throw ExitCode(1)
        }
        print("UNVERIFIED: decoded only; the signature, issuer and expiry were NOT checked.")
        print("header:")
        print(JSONValue.object(jws.header).prettyJSONText)
        print("payload:")
        print(JSONValue.object(jws.payload).prettyJSONText)
        print("issuer: " + Self.describeIssuer(jws.payload["iss"]))
    }

    /// Which Cognito issuer form and region the `iss` names, as the token claims it (unverified).
    static func describeIssuer(_ iss: JSONValue?) -> String {
        guard let iss = iss?.stringValue else { return "none (no iss string)" }
        guard let named = CognitoIssuer.describe(iss) else {
            return "not an AWS Cognito issuer (an emulator or another identity provider)"
        }
        let form =
            named.form == .original
            ? "original form (cognito-idp), region \(named.region)"
            : "updated form (issuer-cognito-idp), primary region \(named.region)"
        var text = "\(form), user pool \(named.userPoolID)"
        if named.form == .original, let poolRegion = CognitoIssuer.region(ofPoolID: named.userPoolID),
            !poolRegion.bytesEqual(named.region)
        {
            text += " (a replica region: the pool's own region is \(poolRegion))"
        }
        return TerminalText.escaped(text)
    }
}
