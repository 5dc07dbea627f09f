import CognitoJWT
import CognitoJWTConfiguration
import Configuration
import ServiceLifecycle
import SystemPackage

/// The settings from the environment, then from a JSON file that is reloaded while the services run.
func configuredVerifier(file path: String) async throws -> (CognitoVerifier, [any Service]) {
    let file = try await ReloadingFileProvider<JSONSnapshot>(filePath: FilePath(path), pollInterval: .seconds(15))
    let reader = ConfigReader(providers: [EnvironmentVariablesProvider(), file])  // the environment wins
    let verifier = try CognitoVerifier(configuration: CognitoConfiguration(reader: reader))
    // Run these beside the server: a changed cognito.audience takes effect without a restart.
    return (verifier, [file, CognitoConfigurationReloader(verifier: verifier, reader: reader)])
}
