import Foundation
import Journal
import PostgresNIO

/// Where a ``PostgresJournalStore`` keeps the journal: the server connection and the schema of its tables.
public struct PostgresJournalConfiguration: Sendable {
    /// The connection settings of the underlying `PostgresClient`.
    public var client: PostgresClient.Configuration
    /// The schema holding `journal_records` and `journal_snapshots` (created if missing).
    public let schema: String
    /// How long opening a store may take to reach the server and create the tables before it fails with
    /// `storage_unavailable` (the client itself keeps retrying a server that is down).
    public var startupTimeout: Duration = .seconds(10)

    /// Creates a configuration.
    /// - Parameters:
    ///   - client: The connection settings.
    ///   - schema: A schema name of lowercase letters, digits and `_` (at most 63, not starting with a digit).
    /// - Throws: `invalid_argument` for another schema name.
    public init(client: PostgresClient.Configuration, schema: String = "public") throws(JournalError) {
        guard Self.isPlainIdentifier(schema) else {
            throw JournalError(
                .invalidArgument,
                "schema name '\(schema)' is not a plain identifier; use lowercase letters, digits and _ "
                    + "(at most 63 characters, not starting with a digit)"
            )
        }
        self.client = client
        self.schema = schema
    }

    /// Reads a libpq-style URL: `postgres://user:password@host:port/database?sslmode=disable`.
    ///
    /// `sslmode` is `disable`, `prefer` (the default: TLS when the server offers it, certificate not
    /// verified, as libpq does), `require` (TLS, certificate not verified) or `verify-full`. A `host` query
    /// item naming a directory connects through the Unix socket in it. The user defaults to `postgres`, the
    /// host to `127.0.0.1`, the port to 5432; percent-escapes in the user and password are decoded.
    /// - Throws: `invalid_argument` for a URL that is not of this form.
    public init(url: String, schema: String = "public") throws(JournalError) {
        guard let components = URLComponents(string: url),
            let scheme = components.scheme, ["postgres", "postgresql"].contains(scheme)
        else {
            throw JournalError(
                .invalidArgument,
                "'\(Self.redacted(url))' is not a PostgreSQL URL; expected postgres://user:password@host:port/database"
            )
        }
        let items = components.queryItems ?? []
        let user = components.percentEncodedUser?.removingPercentEncoding ?? "postgres"
        let password = components.percentEncodedPassword?.removingPercentEncoding
        let port = components.port ?? 5432
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        let database = path.isEmpty ? nil : path
        let tls = try Self.tls(items.last { $0.name == "sslmode" }?.value ?? "prefer")
        var client: PostgresClient.Configuration
        if let socketDirectory = items.last(where: { $0.name == "host" })?.value, socketDirectory.hasPrefix("/") {
            client = PostgresClient.Configuration(
                unixSocketPath: "\(socketDirectory)/.s.PGSQL.\(port)",
                username: user,
                password: password,
                database: database
            )
        } else {
            let host = components.host.flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1"
            client = PostgresClient.Configuration(
                host: host,
                port: port,
                username: user,
                password: password,
                database: database,
                tls: tls
            )
        }
        client.options.connectTimeout = .seconds(5)
        try self.init(client: client, schema: schema)
    }

    private static func tls(_ mode: String) throws(JournalError) -> PostgresClient.Configuration.TLS {
        var unverified = TLSConfiguration.makeClientConfiguration()
        unverified.certificateVerification = .none
        switch mode {
        case "disable": return .disable
        case "allow", "prefer": return .prefer(unverified)
        case "require": return .require(unverified)
        case "verify-ca", "verify-full": return .require(.makeClientConfiguration())
        default:
            throw JournalError(
                .invalidArgument,
                "sslmode '\(mode)' is not supported; use disable, prefer, require or verify-full"
            )
        }
    }

    static func isPlainIdentifier(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (1...63).contains(bytes.count), let first = bytes.first,
            !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first)
        else { return false }
        return bytes.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "_")
        }
    }

    /// The URL without its password, for messages.
    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? "<url>"
    }
}
