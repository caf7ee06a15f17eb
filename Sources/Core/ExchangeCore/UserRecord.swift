import BourseCore

/// A person who trades: a login name, a password hash (bcrypt, computed before sequencing) and an account.
public struct UserRecord: Hashable, Sendable {
    public var name: String
    public var passwordHash: String
    public var account: AccountID
}

/// An API key: requests signed with HMAC-SHA256 under `secret` act for `account`.
public struct APIKeyRecord: Hashable, Sendable {
    public var key: String
    public var secret: String
    public var account: AccountID
}
