import CognitoJWTTesting
import Foundation
import NIOCore
import NIOPosix
import Testing

@Suite("Hostile HTTP input to the demo API", .timeLimit(.minutes(3)))
struct HostileDemoTests {
    /// Slow clients held open at once; `STRESS_SLOW_CLIENTS` changes it (`scripts/stress.sh`).
    static let slowClients =
        ProcessInfo.processInfo.environment["STRESS_SLOW_CLIENTS"].flatMap(Int.init) ?? 1_000

    /// The demo on a free port, and one of the tokens it prints.
    static func demoWithToken() async throws -> (CommandLineProcess, String, String) {
        let database = DemoEndToEndTests.databasePath()
        let demo = try await DemoEndToEndTests.startDemo(database: database)
        let line = try #require(demo.standardOutput.split(separator: "\n").first { $0.hasPrefix("export ") })
        let token = String(line.split(separator: "'")[1])
        return (demo, token, database)
    }

    /// Whether an answer is a clean refusal: a 4xx status line, or the connection closed without an answer.
    static func isCleanRefusal(_ answer: [UInt8]) -> Bool {
        guard !answer.isEmpty else { return true }
        let status = RawHTTPClient.statusCode(of: String(decoding: answer.prefix(64), as: UTF8.self)) ?? 0
        return (400..<500).contains(status)
    }

    @Test("huge, repeated, control-character and non-UTF-8 Authorization headers: 4xx or closed, never a crash")
    func hostileHeaders() async throws {
        let (demo, token, database) = try await Self.demoWithToken()
        defer { try? FileManager.default.removeItem(atPath: database) }
        let head = Array("GET /me HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n".utf8)
        let end = Array("\r\n".utf8)
        let bearer = Array("Authorization: Bearer ".utf8)
        let requests: [(String, [UInt8])] = [
            ("1 MiB header", head + bearer + Array(repeating: UInt8(ascii: "A"), count: 1 << 20) + end + end),
            ("64 KiB header", head + bearer + Array(repeating: UInt8(ascii: "A"), count: 64 << 10) + end + end),
            (
                "1,000 Authorization headers",
                head + Array(repeating: bearer + Array(token.utf8) + end, count: 1_000).joined() + end
            ),
            (
                "two Authorization headers",
                head + bearer + Array(token.utf8) + end + bearer + Array("x".utf8) + end + end
            ),
            ("control characters", head + bearer + [0x01, 0x02, 0x1B] + Array(token.utf8) + end + end),
            ("DEL and NUL", head + bearer + Array(token.utf8) + [0x7F, 0x00] + end + end),
            ("non-UTF-8 bytes", head + bearer + [0xFF, 0xFE, 0xC0, 0x80] + Array(token.utf8) + end + end),
            ("lone surrogate as UTF-8", head + bearer + [0xED, 0xA0, 0x80] + end + end),
            ("bare LF line ends", Array("GET /me HTTP/1.1\nHost: x\nAuthorization: Bearer \(token)\n\n".utf8)),
            ("10,000 other headers", head + Array(repeating: Array("X-A: b\r\n".utf8), count: 10_000).joined() + end),
        ]
        for (name, request) in requests {
            let answer = try await RawHTTPClient.exchange(port: demo.port, request: request)
            #expect(Self.isCleanRefusal(answer), "\(name): \(String(decoding: answer.prefix(120), as: UTF8.self))")
            #expect(demo.process.isRunning, "the demo died on \(name)")
        }
        let reply = try await demo.get("/me", token: token)
        #expect(reply.status == 200, "the demo stopped answering valid requests: \(reply.status)")
    }

    @Test("a thousand slow clients holding connections open: the demo keeps answering others")
    func slowClients() async throws {
        let (demo, token, database) = try await Self.demoWithToken()
        defer { try? FileManager.default.removeItem(atPath: database) }
        var channels: [any Channel] = []
        defer { for channel in channels { channel.close(promise: nil) } }
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        for _ in 0..<Self.slowClients {
            guard let channel = try? await bootstrap.connect(host: "127.0.0.1", port: demo.port).get() else { break }
            channels.append(channel)
            // Half a request line: the server must wait for the rest without blocking anyone else.
            channel.writeAndFlush(ByteBuffer(string: "GET /me HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthor"), promise: nil)
        }
        #expect(channels.count == Self.slowClients, "only \(channels.count) connections could be opened")
        var answered = 0
        for round in 0..<5 {
            for channel in channels { channel.writeAndFlush(ByteBuffer(string: "i"), promise: nil) }
            let reply = try await demo.get("/me", token: token)
            #expect(reply.status == 200, "round \(round): \(reply.status) while \(channels.count) clients dripped")
            if reply.status == 200 { answered += 1 }
            try await Task.sleep(for: .milliseconds(100))
        }
        print("figure: hostile slow clients \(channels.count) held open, \(answered)/5 valid requests answered 200")
        for channel in channels { channel.close(promise: nil) }
        channels = []
        #expect(demo.process.isRunning)
        #expect(try await demo.get("/me", token: token).status == 200)
    }
}
