import Testing

@testable import cognito_jwt

@Suite("cognito-jwt: TLS for a remote DATABASE_URL, and the Host names serve answers")
struct FailClosedCommandLineTests {
    @Test("a DATABASE_URL without sslmode requires TLS for a host that is not loopback")
    func remoteHostRequiresTLS() throws {
        let remote = try PostgresURL("postgres://u:p@db.example.com/x")
        #expect(remote.tlsMode == .required)
        #expect(remote.configuration.coreConfiguration.tls.isEnforced)
        #expect(!remote.location.contains("p@") && remote.location == "db.example.com:5432/x")
        for url in ["postgresql://u:p@10.0.0.5:6543/x", "postgres://u@128.0.0.1/x", "postgres://u@localhost.example/x"]
        {
            #expect(try PostgresURL(url).tlsMode == .required, "\(url)")
        }
    }

    @Test("sslmode, tlsmode, ssl or tls in the URL decide, whatever the host")
    func explicitModeWins() throws {
        let cleartext = try PostgresURL("postgres://u:p@db.example.com/x?sslmode=disable")
        #expect(cleartext.tlsMode == .disabled)
        #expect(!cleartext.configuration.coreConfiguration.tls.isAllowed)
        #expect(try PostgresURL("postgres://u:p@db.example.com/x?sslmode=prefer").tlsMode == .preferred)
        #expect(try PostgresURL("postgres://u:p@db.example.com/x?sslmode=allow").tlsMode == .preferred)
        #expect(try PostgresURL("postgres://u:p@db.example.com/x?TLSMODE=false").tlsMode == .disabled)
        #expect(try PostgresURL("postgres://u@127.0.0.1/x?sslmode=verify-full").tlsMode == .required)
        #expect(
            try PostgresURL("postgres://u@127.0.0.1/x?sslmode=require").configuration.coreConfiguration.tls.isEnforced)
        #expect(throws: UserDatabase.ConfigurationError.self) {
            try PostgresURL("postgres://u@db.example.com/x?sslmode=on")
        }
        #expect(throws: UserDatabase.ConfigurationError.self) {
            try PostgresURL("postgres://u@db.example.com/x?sslmode")
        }
    }

    @Test("a loopback host without sslmode does not require TLS")
    func loopbackDoesNotRequireTLS() throws {
        for url in [
            "postgres://u@127.0.0.1/x", "postgres://u@127.1.2.3:25432/x", "postgres://u@localhost/x",
            "postgres://u@LocalHost/x", "postgres://u@[::1]:5432/x",
        ] {
            let parsed = try PostgresURL(url)
            #expect(parsed.tlsMode == .preferred, "\(url)")
            #expect(!parsed.configuration.coreConfiguration.tls.isEnforced, "\(url)")
        }
    }

    @Test("the configuration error names the problem, never the URL or its password")
    func errorsHideThePassword() {
        for url in [
            "mysql://u:hunter2-secret@db.example.com/x", "postgres://:hunter2-secret@/x",
            "postgres://u:hunter2-secret@db/x?sslmode=yes",
        ] {
            do {
                _ = try PostgresURL(url)
                Issue.record("accepted \(url)")
            } catch {
                #expect(!error.description.contains("hunter2"))
                #expect(error.description.contains("DATABASE_URL"))
            }
        }
    }

    @Test("serve's Host names: loopback by default, COGNITO_ALLOWED_HOSTS added, ASCII case-insensitive, any port")
    func allowedHosts() throws {
        let hosts = try AllowedHosts.serve(adding: " API.example.com , ,[2001:db8::1],kiosk.example")
        for authority in [
            "localhost", "LOCALHOST:8080", "127.0.0.1:1", "[::1]:443", "api.example.com", "Api.Example.COM:443",
            "[2001:DB8::1]:8443", "KIOSK.example",
        ] {
            #expect(hosts.allows(authority: Substring(authority)), "\(authority)")
        }
        for authority in [
            "evil.example", "api.example.com.", "api.example.com.evil.example", "api.example.com:", "api.example.com:x",
            "api.example.com:443:443", "127.0.0.2", "[::1]x", "", ":80", "\u{212A}iosk.example",
            "kios\u{212A}.example:80",
            "api.example.com:\u{0663}",
        ] {
            #expect(!hosts.allows(authority: Substring(authority)), "\(authority)")
        }
        #expect(AllowedHosts.loopback.names == ["localhost", "127.0.0.1", "[::1]"])
        #expect(try AllowedHosts.serve(adding: "").names == AllowedHosts.loopback.names)
    }

    @Test("COGNITO_ALLOWED_HOSTS entries with a scheme, port, path or wildcard are refused")
    func allowedHostsRefused() {
        for list in [
            "api.example.com:443", "https://api.example.com", "api.example.com/x", "*", "::1", "ex ample.com",
            "bücher.example",
        ] {
            #expect(throws: AllowedHosts.ConfigurationMessage.self, "\(list)") { try AllowedHosts.serve(adding: list) }
        }
    }
}
