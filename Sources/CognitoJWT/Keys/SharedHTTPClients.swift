import AsyncHTTPClient

/// HTTP clients that never follow redirects, one per connect timeout, living for the whole process.
enum SharedHTTPClients {
    private static let clients = LockedValue<[Int64: HTTPClient]>([:])

    static func client(connectTimeout: Duration) -> HTTPClient {
        let key = connectTimeout.nanosecondsClamped
        return clients.withLock { clients in
            if let client = clients[key] { return client }
            var configuration = HTTPClient.Configuration()
            configuration.redirectConfiguration = .disallow
            configuration.timeout = .init(connect: .nanoseconds(key))
            configuration.decompression = .disabled
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            clients[key] = client
            return client
        }
    }
}
