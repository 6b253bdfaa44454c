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
        .executable(name: "kvbench", targets: ["kvbench"]),
        .executable(name: "raft-sim", targets: ["raft-sim"]),
        .executable(name: "kvfault", targets: ["kvfault"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        .package(url: "https://github.com/grpc/grpc-swift-2", from: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf", from: "2.4.1"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport", from: "2.9.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
    ],
    targets: [
        // MARK: C libraries
        .systemLibrary(
            name: "CLMDB", path: "Sources/Shared/CLibs/CLMDB",
            pkgConfig: "lmdb", providers: [.apt(["liblmdb-dev"])]
        ),
        .systemLibrary(
            name: "CSystemd", path: "Sources/Shared/CLibs/CSystemd",
            pkgConfig: "libsystemd", providers: [.apt(["libsystemd-dev"])]
        ),
        .systemLibrary(
            name: "CCrypto", path: "Sources/Shared/CLibs/CCrypto",
            pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]
        ),

        // MARK: Shared library modules
        .target(name: "BuildInfo", path: "Sources/Shared/BuildInfo"),
        .target(name: "Checksum", path: "Sources/Shared/Checksum"),
        .target(name: "Failpoints", path: "Sources/Shared/Failpoints"),
        .target(name: "Raft", path: "Sources/Shared/Raft"),
        .target(name: "Linearizability", path: "Sources/Shared/Linearizability"),
        .target(name: "WAL", dependencies: ["Checksum", "Failpoints"], path: "Sources/Shared/WAL"),
        .target(name: "MVCC", dependencies: ["CLMDB", "Checksum", "Failpoints"], path: "Sources/Shared/MVCC"),
        .target(name: "TLS", dependencies: [
            "CCrypto", .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ], path: "Sources/Shared/TLS"),
        .target(name: "LogEntries", dependencies: ["MVCC"], path: "Sources/Shared/LogEntries"),
        // One member without gRPC: the Raft loop, WAL writer, store applier, waiters, membership.
        .target(name: "Member", dependencies: [
            "Raft", "WAL", "MVCC", "LogEntries", "Failpoints",
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ], path: "Sources/Shared/Member"),
        .target(name: "Server", dependencies: [
            "Member", "Raft", "WAL", "MVCC", "LogEntries", "API", "TLS", "BuildInfo", "CCrypto", "Checksum", "Failpoints",
            .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            .product(name: "GRPCCore", package: "grpc-swift-2"),
            .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Logging", package: "swift-log"),
        ], path: "Sources/Shared/Server"),
        .target(name: "API", dependencies: [
            .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            .product(name: "GRPCCore", package: "grpc-swift-2"),
            .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
        ], path: "Sources/Shared/API", exclude: ["Protos"]),
        .target(name: "Client", dependencies: [
            "API",
            .product(name: "GRPCCore", package: "grpc-swift-2"),
            .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOTLS", package: "swift-nio"),
        ], path: "Sources/Shared/Client"),

        // MARK: Executables: parse arguments, wire, run
        .executableTarget(name: "kvd", dependencies: [
            "BuildInfo", "Member", "Server", "TLS", "CSystemd", "Failpoints", argumentParser, .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "kvctl", dependencies: [
            "BuildInfo", "Client", "API", "MVCC", argumentParser,
            .product(name: "GRPCCore", package: "grpc-swift-2"),
            .product(name: "SwiftProtobuf", package: "swift-protobuf"),
        ]),
        .executableTarget(name: "kvcert", dependencies: ["BuildInfo", "TLS", argumentParser]),
        .executableTarget(name: "kvwal", dependencies: ["BuildInfo", "WAL", "Raft", "MVCC", "LogEntries", argumentParser]),
        .executableTarget(name: "kvbench", dependencies: [
            "BuildInfo", "Client", "API", argumentParser,
            .product(name: "GRPCCore", package: "grpc-swift-2"),
            .product(name: "Histogram", package: "hdrhistogram-swift"),
        ]),

        // MARK: Tests
        // The Raft simulator is a library so that the unit tests and the long-campaign
        // runner (`raft-sim`, built in release) drive exactly the same code.
        .target(name: "RaftSimulation", dependencies: ["Raft"], path: "Tests/RaftSimulation"),
        .executableTarget(name: "raft-sim", dependencies: ["RaftSimulation"], path: "Tests/RaftSimulationRunner"),
        // What several test targets share: one lock around process launches, free ports.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        // The fault campaign: real kvd members under kill -9, pauses and failpoints, clients
        // recording a history, and the checks of it; `kvfault` runs one campaign.
        .target(name: "FaultHarness", dependencies: [
            "Client", "API", "Linearizability", "TestSupport", .product(name: "GRPCCore", package: "grpc-swift-2"),
        ], path: "Tests/FaultHarness"),
        .executableTarget(name: "kvfault", dependencies: ["FaultHarness", argumentParser], path: "Tests/FaultHarnessRunner"),
        .testTarget(name: "FaultHarnessTests", dependencies: ["FaultHarness"]),
        .testTarget(name: "RaftTests", dependencies: ["Raft", "RaftSimulation"]),
        .testTarget(name: "LinearizabilityTests", dependencies: ["Linearizability", "TestSupport"]),
        .testTarget(name: "WALTests", dependencies: ["WAL", "Checksum"]),
        .testTarget(name: "FailpointsTests", dependencies: ["Failpoints"]),
        .testTarget(name: "MVCCTests", dependencies: ["MVCC", "Checksum", "TestSupport"]),
        .testTarget(name: "TLSTests", dependencies: ["TLS", "kvcert", "TestSupport", .product(name: "NIOSSL", package: "swift-nio-ssl")]),
        // Real processes (kvd, etcd, etcdctl) on loopback; needs the products built first.
        .testTarget(name: "IntegrationTests", dependencies: ["TestSupport"]),
        .testTarget(name: "MemberTests", dependencies: ["Member", "Raft", "MVCC", "WAL"]),
        .testTarget(name: "ServerTests", dependencies: [
            "Server", "Member", "Raft", "MVCC", "API", "LogEntries",
            .product(name: "GRPCCore", package: "grpc-swift-2"),
            .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
        ]),
        .testTarget(name: "KvctlTests", dependencies: ["kvctl", "Client", "API", "MVCC",
                                                     .product(name: "GRPCCore", package: "grpc-swift-2")]),
        .testTarget(name: "KvwalTests", dependencies: ["kvwal", "WAL", "Raft", "MVCC", "LogEntries", "TestSupport"]),
        .testTarget(name: "KvbenchTests", dependencies: [
            "kvbench", argumentParser, .product(name: "Histogram", package: "hdrhistogram-swift"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
