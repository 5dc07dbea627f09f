import ArgumentParser
import CognitoJWT
import Foundation

/// `cognito-jwt jwks`: lists the keys of a pool's JWKS and whether each can verify tokens.
struct JWKSCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jwks",
        abstract: "List the keys of a JWKS (kid, size, usable or why not)."
    )

    @OptionGroup var pool: PoolOptions

    func run() async throws {
        let keySet: JSONWebKeySet
        do {
            keySet = try await load()
        } catch {
            printToStandardError("error: \(error.code.rawValue): \(error.message)")
            throw ExitCode(1)
        }
        print("kid\tkty\talg\tuse\tbits\tusable")
        for entry in keySet.entries {
            let usable = entry.unusableReason.map { "no: \($0)" } ?? "yes"
            print(
                [
                    entry.kid ?? "-", entry.keyType ?? "-", entry.algorithm ?? "-", entry.use ?? "-",
                    entry.bits.map(String.init) ?? "-", usable,
                ].map(TerminalText.escaped).joined(separator: "\t"))
        }
    }

    private func load() async throws(CognitoJWTError) -> JSONWebKeySet {
        let settings = pool.settings.filling(from: CognitoSettings(environment: ProcessInfo.processInfo.environment))
        if let file = settings.jwksFile {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw CognitoJWTError(.jwksUnavailable, "cannot read \(file)")
            }
            return try JSONWebKeySet(json: [UInt8](data))
        }
        let url: String
        if let jwksURL = settings.jwksURL {
            url = jwksURL
        } else {
            do {
                url = CognitoIssuer.jwksURL(of: try settings.resolvedIssuer())
            } catch {
                throw CognitoJWTError(.jwksUnavailable, "no JWKS given: \(error.message)")
            }
        }
        return try await JWKSKeyStore(url: url, logger: silentLogger).refresh()
    }
}
