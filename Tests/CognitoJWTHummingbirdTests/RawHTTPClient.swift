import NIOCore
import NIOPosix

/// Sends raw bytes to a server on 127.0.0.1 and returns everything it answers until it closes the connection:
/// for requests that a well-behaved HTTP client cannot send (control characters, oversized headers).
enum RawHTTPClient {
    static func exchange(port: Int, request: [UInt8]) async throws -> String {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(bytes: request))
            var answer = ByteBuffer()
            for try await var chunk in inbound {
                answer.writeBuffer(&chunk)
                if answer.readableBytes > 1 << 20 { break }
            }
            return String(decoding: answer.readableBytesView, as: UTF8.self)
        }
    }

    /// `GET <path>` with `Connection: close` and this `Authorization` value, as raw bytes.
    static func get(port: Int, path: String, authorization: [UInt8]) async throws -> String {
        let head = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nAuthorization: ".utf8)
        return try await exchange(port: port, request: head + authorization + Array("\r\n\r\n".utf8))
    }
}
