import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A TCP proxy on 127.0.0.1 in front of one upstream port, for the fault a venue simulator cannot produce itself:
/// a path that dies silently. After ``blackHole()`` the connections open at that moment stay open (no FIN, no RST)
/// but nothing crosses them in either direction: the venue's frames are lost, and so are the client's WebSocket
/// pings and their pongs. Connections opened later are forwarded normally.
///
/// Blocking sockets, each connection pumped by two threads of its own (never a cooperative-pool thread: a test's
/// blocking call there can starve the code under test).
final class BlackHoleProxy: @unchecked Sendable {
    /// The port clients connect to.
    let port: Int
    private let upstreamPort: Int
    private let listener: Int32
    private let lock = NSLock()
    private var connections: [Connection] = []
    private var accepted = 0
    private var closed = false
    private var swallowingNew = false

    /// One proxied connection: the client's socket, the upstream socket, and whether bytes are swallowed.
    private final class Connection: @unchecked Sendable {
        let client: Int32
        let upstream: Int32
        private let lock = NSLock()
        private var swallowing = false
        private var pumpsRunning = 2

        init(client: Int32, upstream: Int32) {
            self.client = client
            self.upstream = upstream
        }

        var isSwallowing: Bool {
            get { lock.withLock { swallowing } }
            set { lock.withLock { swallowing = newValue } }
        }

        /// Called by each pump as it stops: the second one closes the sockets.
        func pumpEnded() {
            lock.withLock {
                pumpsRunning -= 1
                if pumpsRunning == 0 {
                    Glibc.close(client)
                    Glibc.close(upstream)
                }
            }
        }

        /// Ends both sockets (the pumps see end of stream and stop); nothing once they are closed (their numbers
        /// may belong to other sockets by then).
        func shutDown() {
            lock.withLock {
                guard pumpsRunning > 0 else { return }
                shutdown(client, Int32(SHUT_RDWR))
                shutdown(upstream, Int32(SHUT_RDWR))
            }
        }
    }

    init(upstreamPort: Int) throws {
        self.upstreamPort = upstreamPort
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ProxyError("socket: errno \(errno)") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = Self.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            Glibc.close(fd)
            throw ProxyError("bind/listen: errno \(errno)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread { [self] in acceptLoop() }.start()
    }

    /// Connections accepted so far.
    var connectionsAccepted: Int { lock.withLock { accepted } }

    /// From now on, the connections open now forward nothing either way and stay open.
    func blackHole() {
        lock.withLock { for connection in connections { connection.isSwallowing = true } }
    }

    /// From now on every connection, open now or opened later, forwards nothing either way and stays open: a venue
    /// that accepts TCP connections and never answers (not even the WebSocket upgrade).
    func blackHoleAll() {
        lock.withLock {
            swallowingNew = true
            for connection in connections { connection.isSwallowing = true }
        }
    }

    /// From now on new connections are forwarded again (the ones already swallowed stay as they are).
    func answerNewConnections() {
        lock.withLock { swallowingNew = false }
    }

    /// Stops accepting and ends every connection.
    func close() {
        let open = lock.withLock {
            closed = true
            return connections
        }
        shutdown(listener, Int32(SHUT_RDWR))
        for connection in open { connection.shutDown() }
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            guard client >= 0 else {
                if lock.withLock({ closed }) { break }
                continue
            }
            let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = Self.loopback(port: upstreamPort)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard connected == 0 else {
                Glibc.close(client)
                Glibc.close(upstream)
                continue
            }
            let connection = Connection(client: client, upstream: upstream)
            let stillOpen = lock.withLock {
                accepted += 1
                connection.isSwallowing = swallowingNew
                if !closed { connections.append(connection) }
                return !closed
            }
            guard stillOpen else {
                connection.shutDown()
                break
            }
            Thread { Self.pump(from: client, to: upstream, connection) }.start()
            Thread { Self.pump(from: upstream, to: client, connection) }.start()
        }
        Glibc.close(listener)
    }

    /// Copies bytes one way until either side ends, dropping them while the connection swallows.
    private static func pump(from source: Int32, to destination: Int32, _ connection: Connection) {
        defer { connection.pumpEnded() }
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(source, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            if connection.isSwallowing { continue }
            var sent = 0
            while sent < count {
                let n = buffer.withUnsafeBytes { send(destination, $0.baseAddress! + sent, count - sent, Int32(MSG_NOSIGNAL)) }
                guard n > 0 else {
                    connection.shutDown()
                    return
                }
                sent += n
            }
        }
        // One side ended: end the other too (unless swallowing, a dead path passes no FIN either).
        if !connection.isSwallowing { connection.shutDown() }
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
}

struct ProxyError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
