import NIOCore
import NIOPosix

/// Sends raw bytes to a server on 127.0.0.1 and returns what it answers: for requests a well-behaved HTTP client
/// cannot send (control characters, non-UTF-8 bytes or oversized values in a header), to test that an API
/// answers them with a 4xx and keeps serving.
public enum RawHTTPClient {
    /// Writes `request` and returns everything the server answers until it closes the connection (at most
    /// 1 MiB; empty when it closes without answering). Gives up after `timeout`.
    public static func exchange(port: Int, request: [UInt8], timeout: Duration = .seconds(10)) async throws -> [UInt8] {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await withThrowingTaskGroup(of: [UInt8]?.self) { group in
            group.addTask {
                try await channel.executeThenClose { inbound, outbound in
                    // The server may close before reading everything; what it answered still counts.
                    try? await outbound.write(ByteBuffer(bytes: request))
                    var answer: [UInt8] = []
                    do {
                        for try await chunk in inbound {
                            answer += chunk.readableBytesView
                            if answer.count > 1 << 20 { break }
                        }
                    } catch {
                        // A reset after a refusal: keep what was read.
                    }
                    return answer
                }
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let answer = first else {
                channel.channel.close(promise: nil)
                throw CancellationError()
            }
            return answer
        }
    }

    /// `GET <path>` with `Connection: close` and one `Authorization` header of raw `authorization` bytes;
    /// returns the answer as text.
    public static func get(port: Int, path: String, authorization: [UInt8]) async throws -> String {
        let head = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nAuthorization: ".utf8)
        let answer = try await exchange(port: port, request: head + authorization + Array("\r\n\r\n".utf8))
        return String(decoding: answer, as: UTF8.self)
    }

    /// The status code on the first line of an answer (`HTTP/1.1 401 …`), or `nil` when there is none.
    public static func statusCode(of answer: String) -> Int? {
        let line = answer.prefix { $0 != "\r" && $0 != "\n" }
        guard line.hasPrefix("HTTP/1.") else { return nil }
        let parts = line.split(separator: " ")
        return parts.count >= 2 ? Int(parts[1]) : nil
    }
}
