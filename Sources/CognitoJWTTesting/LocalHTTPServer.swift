import CognitoJWT
import NIOCore
import NIOPosix

/// A tiny HTTP/1.1 server on 127.0.0.1 (random port) whose answers are scripts of raw bytes, pauses and
/// disconnects: it serves a local JWKS, and it can misbehave (slow headers, a dripping body, a cut connection,
/// a lying `Content-Length`) to test what a client does then.
public final class LocalHTTPServer: Sendable {
    /// One step of an answer.
    public enum Step: Sendable {
        /// Write these bytes.
        case send([UInt8])
        /// Wait before the next step.
        case pause(Duration)
        /// Close the connection now.
        case close
    }

    /// What the server does for one request: the steps in order, then it closes the connection.
    public struct Reply: Sendable {
        /// The steps.
        public var steps: [Step]

        /// An answer made of explicit steps.
        public init(steps: [Step]) { self.steps = steps }

        /// A complete response with `Content-Length` and `Connection: close`.
        public static func response(
            status: Int, reason: String = "", headers: [(String, String)] = [],
            body: [UInt8]
        ) -> Reply {
            Reply(steps: [
                .send(
                    head(status: status, reason: reason, headers: headers + [("Content-Length", "\(body.count)")])
                        + body)
            ])
        }

        /// A 200 response with a JSON body.
        public static func json(_ body: String) -> Reply {
            .response(
                status: 200, reason: "OK", headers: [("Content-Type", "application/json")], body: Array(body.utf8))
        }

        /// A response with no body and this status (for example 404 or 500).
        public static func status(_ status: Int) -> Reply {
            .response(status: status, body: [])
        }

        /// The status line and headers of a response, ending with the blank line.
        public static func head(status: Int, reason: String = "", headers: [(String, String)]) -> [UInt8] {
            var text = "HTTP/1.1 \(status) \(reason.isEmpty ? "Status" : reason)\r\nConnection: close\r\n"
            for (name, value) in headers { text += "\(name): \(value)\r\n" }
            text += "\r\n"
            return Array(text.utf8)
        }
    }

    /// The port the server listens on.
    public let port: Int
    private let channel: any Channel
    private let counter: LockedValue<[String]>

    /// `http://127.0.0.1:<port>`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// The request paths received so far, in order.
    public var requestedPaths: [String] { counter.withLock { $0 } }

    /// How many requests were received so far.
    public var requestCount: Int { counter.withLock { $0.count } }

    private init(channel: any Channel, counter: LockedValue<[String]>) {
        self.channel = channel
        self.port = channel.localAddress?.port ?? 0
        self.counter = counter
    }

    /// Starts a server on 127.0.0.1 at `port` (0: any free port); `reply` decides what each request path gets.
    public static func start(
        port: Int = 0,
        reply: @escaping @Sendable (_ path: String) -> Reply
    ) async throws -> LocalHTTPServer {
        let counter = LockedValue<[String]>([])
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ScriptedHandler(reply: reply, counter: counter))
                }
            }
            .bind(host: "127.0.0.1", port: port)
            .get()
        return LocalHTTPServer(channel: channel, counter: counter)
    }

    /// Stops listening.
    public func shutdown() async throws {
        try await channel.close()
    }
}

private final class ScriptedHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer

    private let reply: @Sendable (String) -> LocalHTTPServer.Reply
    private let counter: LockedValue<[String]>
    private var received: [UInt8] = []
    private var answered = false

    init(reply: @escaping @Sendable (String) -> LocalHTTPServer.Reply, counter: LockedValue<[String]>) {
        self.reply = reply
        self.counter = counter
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !answered else { return }
        received += Self.unwrapInboundIn(data).readableBytesView
        guard let end = headEnd(), received.count < 65_536 else {
            if received.count >= 65_536 { context.close(promise: nil) }
            return
        }
        answered = true
        let requestLine = received[..<end].split(separator: 0x0D, maxSplits: 1).first ?? []
        let parts = requestLine.split(separator: 0x20)
        let path = parts.count >= 2 ? String(decoding: parts[1], as: UTF8.self) : "/"
        counter.withLock { $0.append(path) }
        let steps = reply(path).steps
        let channel = context.channel
        Task {
            for step in steps {
                switch step {
                case .send(let bytes):
                    try? await channel.writeAndFlush(ByteBuffer(bytes: bytes))
                case .pause(let duration):
                    try? await Task.sleep(for: duration)
                case .close:
                    try? await channel.close()
                    return
                }
            }
            try? await channel.close()
        }
    }

    private func headEnd() -> Int? {
        guard received.count >= 4 else { return nil }
        for i in 0...(received.count - 4)
        where received[i] == 13 && received[i + 1] == 10 && received[i + 2] == 13 && received[i + 3] == 10 {
            return i
        }
        return nil
    }
}
