import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A PostgreSQL server for the tests on 127.0.0.1: the one `POSTGRES_URL` names (as `scripts/test.sh` sets
/// it), or a private one started here with `initdb` and `pg_ctl` in a temporary directory, on a free port,
/// with trust authentication. When neither can be had, the test fails with what to install.
final class PostgresServer: @unchecked Sendable {
    /// `postgres://postgres@127.0.0.1:<port>/postgres?sslmode=disable` (or `POSTGRES_URL`).
    let adminURL: String
    private let directory: URL?
    private let port: Int
    private let binaries: URL?

    /// The server all tests share: `POSTGRES_URL`, else one private server for the test run.
    static func shared() async throws -> PostgresServer {
        try await SharedServer.instance.get()
    }

    private actor SharedServer {
        static let instance = SharedServer()
        private var server: Task<PostgresServer, any Error>?
        func get() async throws -> PostgresServer {
            if let server { return try await server.value }
            let starting = Task<PostgresServer, any Error> {
                if let url = ProcessInfo.processInfo.environment["POSTGRES_URL"], !url.isEmpty {
                    return PostgresServer(adminURL: url)
                }
                let made = try await PostgresServer.startPrivate()
                privateServerToDestroy = made
                atexit { privateServerToDestroy?.destroy() }
                return made
            }
            server = starting
            return try await starting.value
        }
    }

    private init(adminURL: String) {
        self.adminURL = adminURL
        self.directory = nil
        self.port = URLComponents(string: adminURL)?.port ?? 5432
        self.binaries = nil
    }

    private init(directory: URL, port: Int, binaries: URL) {
        self.directory = directory
        self.port = port
        self.binaries = binaries
        self.adminURL = "postgres://postgres@127.0.0.1:\(port)/postgres?sslmode=disable"
    }

    /// The folder with `initdb` and `pg_ctl`: on `PATH`, or the newest `/usr/lib/postgresql/*/bin`.
    static func binariesDirectory() -> URL? {
        let fm = FileManager.default
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        var candidates = path
        if let versions = try? fm.contentsOfDirectory(atPath: "/usr/lib/postgresql") {
            candidates += versions.sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }.map { "/usr/lib/postgresql/\($0)/bin" }
        }
        for directory in candidates
        where fm.isExecutableFile(atPath: directory + "/initdb")
            && fm.isExecutableFile(atPath: directory + "/pg_ctl")
        {
            return URL(fileURLWithPath: directory)
        }
        return nil
    }

    /// Starts a private server (as the `postgres` user when running as root).
    static func startPrivate() async throws -> PostgresServer {
        guard let binaries = binariesDirectory() else {
            let message = """
                PostgreSQL is needed for these tests and was not found (no initdb/pg_ctl on PATH or in \
                /usr/lib/postgresql/*/bin). Run scripts/test.sh, which installs it (apt-get install -y postgresql) \
                and starts a private server, or set POSTGRES_URL=postgres://user@127.0.0.1:5432/db.
                """
            Issue.record(Comment(rawValue: message))
            throw PostgresUnavailable(message: message)
        }
        let directory = URL(fileURLWithPath: "/tmp/cognito-jwt-pg-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        if getuid() == 0 { try await run("/bin/chown", ["postgres", directory.path]) }
        let port = try await freePort()
        let server = PostgresServer(directory: directory, port: port, binaries: binaries)
        try await server.asPostgres(
            binaries.appendingPathComponent("initdb").path,
            [
                "-D", directory.path + "/data", "-U", "postgres", "-A", "trust", "-E", "UTF8",
                "--locale=C", "--no-sync",
            ])
        try await server.start()
        return server
    }

    /// Starts (or restarts) the private server.
    func start() async throws {
        guard let directory, let binaries else { return }
        try await asPostgres(
            binaries.appendingPathComponent("pg_ctl").path,
            [
                "-D", directory.path + "/data", "-l", directory.path + "/log", "-w", "-t", "30",
                "-o", "-h 127.0.0.1 -p \(port) -k \(directory.path) -c fsync=off -c max_connections=200", "start",
            ])
    }

    /// Stops the private server (fast: open connections are closed).
    func stop() async throws {
        guard let directory, let binaries else { return }
        try await asPostgres(
            binaries.appendingPathComponent("pg_ctl").path,
            ["-D", directory.path + "/data", "-m", "fast", "-w", "stop"])
    }

    /// Stops the private server and removes its directory.
    func destroy() {
        guard let directory, let binaries else { return }
        let process = Process()
        let pgCtl = binaries.appendingPathComponent("pg_ctl").path
        let arguments = ["-D", directory.path + "/data", "-m", "immediate", "-w", "stop"]
        if getuid() == 0 {
            process.executableURL = URL(fileURLWithPath: "/usr/sbin/runuser")
            process.arguments = ["-u", "postgres", "--", pgCtl] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: pgCtl)
            process.arguments = arguments
        }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        if (try? process.run()) != nil { process.waitUntilExit() }
        try? FileManager.default.removeItem(at: directory)
    }

    /// The URL of database `name` on this server.
    func url(database name: String) -> String {
        var components = URLComponents(string: adminURL)!
        components.path = "/" + name
        return components.string!
    }

    private func asPostgres(_ executable: String, _ arguments: [String]) async throws {
        if getuid() == 0 {
            try await Self.run("/usr/sbin/runuser", ["-u", "postgres", "--", executable] + arguments)
        } else {
            try await Self.run(executable, arguments)
        }
    }

    /// Runs `executable` to its end and returns its output, waiting on a thread of its own (`waitpid`);
    /// the output goes to a file, as `pg_ctl`'s server keeps what it inherits open.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) async throws -> String {
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("pg-\(UUID().uuidString).out")
            .path
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try spawnAndWait(executable, arguments, outputPath: outputPath) })
            }
            thread.start()
        }
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        guard status == 0 else {
            throw PostgresUnavailable(
                message: "\(executable) \(arguments.joined(separator: " ")) failed (\(status)): \(text.prefix(2000))")
        }
        return text
    }

    /// `posix_spawn`, then a blocking `waitpid` for that child; its exit status.
    private static func spawnAndWait(_ executable: String, _ arguments: [String], outputPath: String) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o666)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw PostgresUnavailable(message: "cannot start \(executable): error \(spawned)")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else { return errno == ECHILD ? 0 : -1 }
        }
        let exited = (status & 0x7F) == 0
        return exited ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }

    /// A port nothing listens on right now.
    static func freePort() async throws -> Int {
        try await TestPorts.freePort()
    }
}

/// The shared private server, stopped and removed when the test process exits.
nonisolated(unsafe) private var privateServerToDestroy: PostgresServer?

/// PostgreSQL could not be started or reached.
struct PostgresUnavailable: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
