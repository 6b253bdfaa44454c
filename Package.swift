// swift-tools-version: 6.1
// The dependency direction: executables -> (Server, Client) -> (MVCC, WAL, Raft, TLS, API) -> CLibs.
// Raft imports nothing but the standard library; Raft, WAL and MVCC stay free of gRPC so their
// tests build in seconds.
import PackageDescription

let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")

let package = Package(
    name: "kvd",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "kvd", targets: ["kvd"]),
        .executable(name: "kvctl", targets: ["kvctl"]),
        .executable(name: "kvcert", targets: ["kvcert"]),
        .executable(name: "kvwal", targets: ["kvwal"]),
        .executable(name: "raft-sim", targets: ["raft-sim"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // MARK: C libraries
        .systemLibrary(
            name: "CLMDB", path: "Sources/Shared/CLibs/CLMDB",
            pkgConfig: "lmdb", providers: [.apt(["liblmdb-dev"])]
        ),

        // MARK: Shared library modules
        .target(name: "BuildInfo", path: "Sources/Shared/BuildInfo"),
        .target(name: "Checksum", path: "Sources/Shared/Checksum"),
        .target(name: "Raft", path: "Sources/Shared/Raft"),
        .target(name: "WAL", dependencies: ["Checksum"], path: "Sources/Shared/WAL"),
        .target(name: "MVCC", dependencies: ["CLMDB", "Checksum"], path: "Sources/Shared/MVCC"),

        // MARK: Executables: parse arguments, wire, run
        .executableTarget(name: "kvd", dependencies: ["BuildInfo", argumentParser]),
        .executableTarget(name: "kvctl", dependencies: ["BuildInfo", argumentParser]),
        .executableTarget(name: "kvcert", dependencies: ["BuildInfo", argumentParser]),
        .executableTarget(name: "kvwal", dependencies: ["BuildInfo", argumentParser]),

        // MARK: Tests
        // The Raft simulator is a library so that the unit tests and the long-campaign
        // runner (`raft-sim`, built in release) drive exactly the same code.
        .target(name: "RaftSimulation", dependencies: ["Raft"], path: "Tests/RaftSimulation"),
        .executableTarget(name: "raft-sim", dependencies: ["RaftSimulation"], path: "Tests/RaftSimulationRunner"),
        .testTarget(name: "RaftTests", dependencies: ["Raft", "RaftSimulation"]),
        .testTarget(name: "WALTests", dependencies: ["WAL", "Checksum"]),
        .testTarget(name: "MVCCTests", dependencies: ["MVCC", "Checksum"]),
    ],
    swiftLanguageModes: [.v6]
)
