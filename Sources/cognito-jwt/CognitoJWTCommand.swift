import ArgumentParser
import Foundation

/// `cognito-jwt`: verify and inspect AWS Cognito tokens, and run the demo API.
///
/// Exit codes: 0 success, 1 a rejected token (or failed command), 2 a usage or configuration error.
@main
struct CognitoJWTCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cognito-jwt",
        abstract: "Verify and inspect AWS Cognito JWTs; run a protected demo API with a user store.",
        subcommands: [
            VerifyCommand.self, VerifyALBCommand.self, DecodeCommand.self, JWKSCommand.self, DemoCommand.self,
            ServeCommand.self, MigrateCommand.self,
        ]
    )

    /// Runs the command, mapping every usage error to exit code 2 (argument-parser's default is 64).
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            let message = fullMessage(for: error)
            if !message.isEmpty { printToStandardError(message) }
            Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}

/// Writes lines to standard error, each with its control characters made visible (``TerminalText``).
func printToStandardError(_ text: String) {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { TerminalText.escaped(String($0)) }
    let joined = lines.joined(separator: "\n")
    FileHandle.standardError.write(Data((joined.hasSuffix("\n") ? joined : joined + "\n").utf8))
}

/// Exit code for usage and configuration errors.
let usageExitCode = ExitCode(2)
