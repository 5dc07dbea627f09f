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
    }
}
