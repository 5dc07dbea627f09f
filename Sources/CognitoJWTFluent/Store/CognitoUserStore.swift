import CognitoJWT
import FluentKit
import Foundation
import Logging

/// Turns verified claims into the app's stored user: the claims' attributes are checked, a warm user comes
/// from a bounded in-process cache with no database round trip, and otherwise the ``CognitoUserManager`` gets,
/// creates or refreshes the row.
///
/// ```swift
/// let store = CognitoUserStore()                     // CognitoUser rows in cognito_users
/// let caller = try await store.caller(for: claims, request: req, on: req.db)
/// ```
///
/// Machine-to-machine tokens become ``CognitoCaller/client(_:)`` with no row. Failures are
/// ``CognitoUserStoreError``s: 400 for claims it will not store, 503 (logged) when the database fails.
public final class CognitoUserStore<Manager: CognitoUserManager>: Sendable {
    /// The steps that get, create and update users.
    public let manager: Manager
    /// The cache and `last_seen` settings.
    public let configuration: CognitoUserStoreConfiguration
    private let cache: CognitoUserCache<Manager.User>
    private let statements = StatementCounter()
    private let logger: Logger

    /// A store whose users `manager` finds and creates.
    public init(
        manager: Manager, configuration: CognitoUserStoreConfiguration = .init(),
        logger: Logger = Logger(label: "cognito-jwt.user-store")
    ) {
        self.manager = manager
        self.configuration = configuration
        self.cache = CognitoUserCache(capacity: configuration.cacheCapacity)
        self.logger = logger
    }

    /// Who the verified `claims` stand for: the stored user (found, created or refreshed), or the app client.
    ///
    /// - Parameters:
    ///   - claims: verified claims.
    ///   - request: the framework's request, passed to the manager's steps.
    ///   - database: the database, evaluated only on a cache miss (`req.db` costs nothing on a warm request).
    /// - Throws: ``CognitoUserStoreError``.
    public func caller(
        for claims: CognitoClaims, request: (any Sendable)? = nil,
        on database: @autoclosure () -> (any Database)?
    ) async throws(CognitoUserStoreError)
        -> CognitoCaller<Manager.User>
    {
        if claims.isClientCredentials { return .client(CognitoIdentity(claims: claims)) }
        return .user(try await user(for: claims, request: request, on: database()))
    }

    /// ``caller(for:request:on:)`` with a database from `databases` (its default), made only on a cache miss.
    public func caller(
        for claims: CognitoClaims, request: (any Sendable)? = nil, in databases: Databases,
        logger: Logger? = nil
    ) async throws(CognitoUserStoreError) -> CognitoCaller<Manager.User> {
        try await caller(
            for: claims, request: request,
            on: databases.database(logger: logger ?? self.logger, on: databases.eventLoopGroup.any()))
    }

    /// The stored user for a user's verified `claims` (see ``caller(for:request:on:)``).
    ///
    /// - Throws: ``CognitoUserStoreError``; a client-credentials token is `invalid_claim` (it has no user).
    public func user(
        for claims: CognitoClaims, request: (any Sendable)? = nil,
        on database: @autoclosure () -> (any Database)?
    ) async throws(CognitoUserStoreError)
        -> Manager.User
    {
        if claims.isClientCredentials { throw .invalidClaim("username", "is missing: an app client has no user") }
        let attributes = try CognitoUserAttributes(claims: claims, limits: configuration.limits)
        let now = Date()
        let nowSeconds = now.timeIntervalSince1970
        let key = CognitoUserCache<Manager.User>.Key(pool: attributes.pool, subject: attributes.subject)
        if let cached = cache.user(for: key, attributes: attributes, now: nowSeconds) { return cached }
        guard let database = database() else {
            cache.refreshFailed(key)
            logger.error("user store unavailable: no database")
            throw .unavailable(nil)
        }
        let context = CognitoUserContext(
            claims: claims, attributes: attributes, database: database, request: request,
            now: now, lastSeenInterval: configuration.lastSeenInterval.seconds,
            statements: statements)
        let user: Manager.User
        do {
            user = try await manager.getOrCreate(context)
        } catch let error as CognitoUserStoreError {
            cache.refreshFailed(key)
            if error.kind == .unavailable { log(error.underlying) }
            throw error
        } catch {
            cache.refreshFailed(key)
            log(error)
            throw .unavailable(error)
        }
        let stored =
            manager.attributes(of: user).map { row in
                attributes.isAtLeastAsNew(as: row) ? attributes.applied(to: row) : row
            } ?? attributes
        cache.insert(
            user, attributes: stored, for: key, freshUntil: nowSeconds + configuration.cacheTimeToLive.seconds,
            expiresAt: claims.expiresAt, now: nowSeconds)
        return user
    }

    /// Drops the cached user of `subject` in `pool` (``CognitoUserAttributes/pool``, ``CognitoUser/pool``), e.g.
    /// after the app changed or deleted its row.
    public func forget(pool: String, subject: String) {
        cache.remove(.init(pool: pool, subject: subject))
    }

    /// Drops every cached user.
    public func forgetAll() { cache.removeAll() }

    /// Cache hits and misses, and the statements the steps issued, so far.
    public var statistics: CognitoUserStoreStatistics {
        let counts = cache.counts
        return CognitoUserStoreStatistics(
            cacheHits: counts.hits, cacheMisses: counts.misses,
            databaseStatements: statements.count, cachedUsers: counts.count)
    }

    private func log(_ error: (any Error)?) {
        let cause = error.map { ($0 as? any CognitoDatabaseErrorDescribing)?.causeDescription ?? "\($0)" }
        let description = cause.map { String($0.prefix(300)) } ?? "none"
        logger.error(
            "user store unavailable: the database failed; answering 503",
            metadata: ["error": .string(description)])
    }
}

extension CognitoUserStore where Manager == CognitoUserTable {
    /// A store of ``CognitoUser`` rows (`cognito_users`, created by ``CreateCognitoUsers``).
    public convenience init(
        configuration: CognitoUserStoreConfiguration = .init(),
        logger: Logger = Logger(label: "cognito-jwt.user-store")
    ) {
        self.init(manager: CognitoUserTable(), configuration: configuration, logger: logger)
    }
}
