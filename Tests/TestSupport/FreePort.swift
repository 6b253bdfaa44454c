import Foundation

/// A loopback port nothing listens on now: bind to port 0 and ask which port the kernel chose.
public func freePort() throws -> Int {
    guard let port = try bindLoopback(port: 0) else { throw FreePortError(call: "bind", errno: errno) }
    return port
}

/// A free loopback port in `range`, for a server that restarts on it: ports outside the
/// kernel's ephemeral range (32768 and up here) are never taken meanwhile as the source port
/// of some outgoing connection.
public func freePort(in range: ClosedRange<Int>) throws -> Int {
    for _ in 0..<1_000 {
        if let port = try bindLoopback(port: Int.random(in: range)) { return port }
    }
    throw FreePortError(call: "bind", errno: EADDRINUSE)
}

/// Binds a socket to 127.0.0.1:`port` and closes it: the port bound, or nil if it was taken.
private func bindLoopback(port: Int) throws -> Int? {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw FreePortError(call: "socket", errno: errno) }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = UInt16(port).bigEndian
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
    }
    return bound ? Int(UInt16(bigEndian: address.sin_port)) : nil
}

public struct FreePortError: Error, CustomStringConvertible {
    public var call: String
    public var errno: Int32
    public var description: String { "\(call): errno \(errno)" }
}
