import CognitoJWT
import NIOCore
import NIOPosix
import Testing

/// Free ports on 127.0.0.1 for the servers the tests start.
enum TestPorts {
    /// Every port handed out in this process: never handed out twice, so a server stopped and started again on
    /// its port (the database-down tests) never finds it taken by another test's server.
    private static let handedOut = LockedValue<Set<Int>>([])

    /// A port nothing listens on right now, below Linux's ephemeral range (32768–60999), so that the
    /// tests' own outgoing connections do not take it before the server binds it.
    static func freePort() async throws -> Int {
        for _ in 0..<200 {
            let candidate = Int.random(in: 20_000..<32_000)
            guard handedOut.withLock({ $0.insert(candidate).inserted }) else { continue }
            if let channel = try? await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .bind(host: "127.0.0.1", port: candidate).get()
            {
                try await channel.close()
                return candidate
            }
        }
        Issue.record("no free port on 127.0.0.1 in 20000–31999")
        throw CancellationError()
    }
}
