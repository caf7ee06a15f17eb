import Foundation

#if canImport(Glibc)
import Glibc
#endif

// Blocking socket I/O for tests that need byte-level control (pipelining, garbage bytes). Such a call must not run
// on a thread of Swift's cooperative pool: the pool has one thread per core (two here), and the server under test
// needs them (its journal writer, its request handlers). A test blocked in `recv` on one pool thread while another
// test keeps the other busy starves the server, which then never answers the `recv`: the whole test process
// stalls until the socket's receive timeout.

/// Runs blocking work on a thread of its own and returns its result, so it never holds a cooperative-pool thread.
func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}

/// A blocking TCP socket connected to 127.0.0.1:`port` with a receive timeout, or `nil` when it cannot connect
/// (the socket is closed then).
func loopbackSocket(port: Int, receiveTimeout seconds: Int) -> Int32? {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return nil }
    var timeout = timeval(tv_sec: seconds, tv_usec: 0)
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
    guard connected == 0 else {
        close(fd)
        return nil
    }
    return fd
}
