#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import VaporTesting

/// Sends raw request bytes to 127.0.0.1 and reads the status code of the answer: for requests no HTTP client
/// would send (non-UTF-8 bytes, control characters in a header).
enum RawHTTPClient {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The status code of the response to `request`, or `nil` when the server closed the connection without one.
    /// The blocking socket calls run on NIO's thread pool, never on the Swift concurrency pool that Vapor's
    /// async middleware needs to answer.
    static func statusCode(port: Int, request: [UInt8]) async throws -> Int? {
        try await NIOThreadPool.singleton.runIfActive { try exchange(port: port, request: request) }
    }

    private static func exchange(port: Int, request: [UInt8]) throws -> Int? {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw Failure(description: "socket() failed") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw Failure(description: "connect() failed") }
        var sent = 0
        while sent < request.count {
            let n = request[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }   // the server may close early on a bad request; read what it answered
            sent += n
        }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !response.contains(0x0A) {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            response += buffer[..<n]
        }
        guard let line = String(bytes: response.prefix { $0 != 0x0D && $0 != 0x0A }, encoding: .utf8),
              line.hasPrefix("HTTP/1.") else { return nil }
        let parts = line.split(separator: " ")
        return parts.count >= 2 ? Int(parts[1]) : nil
    }
}

extension [UInt8] {
    /// `GET <path>` with one `Authorization` header of raw `value` bytes.
    static func get(_ path: String, authorization value: [UInt8]) -> [UInt8] {
        Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nAuthorization: ".utf8)
            + value + Array("\r\n\r\n".utf8)
    }
}
