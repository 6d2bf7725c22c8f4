// swift-tools-version:6.2
//
// fazhi: China's annual rule-of-law government reports as searchable, comparable data.
// Layout and dependency rules: ../shared/STYLE.md Part B (domain code imports neither NIO
// nor the generated protobuf types; executables are thin).

import PackageDescription

let argumentParser: Target.Dependency = .product(name: "ArgumentParser", package: "swift-argument-parser")

let package = Package(
    name: "fazhi",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "fazhi", targets: ["fazhi"]),
        .executable(name: "fazhi-parser", targets: ["fazhi-parser"]),
        .executable(name: "fazhi-indexer", targets: ["fazhi-indexer"]),
        .executable(name: "fazhi-aggregator", targets: ["fazhi-aggregator"]),
        .executable(name: "fazhi-gateway", targets: ["fazhi-gateway"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-protobuf.git", from: "1.39.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        // MARK: Generated protobuf messages (committed; scripts/generate-protos.sh)
        .target(
            name: "FazhiProto",
            dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf")]
        ),

        // MARK: Wire and transport
        .target(
            name: "FazhiWire",
            dependencies: [
                "FazhiProto",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ]
        ),
        .target(
            name: "FazhiTransport",
            dependencies: [
                "FazhiWire",
                "FazhiProto",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            exclude: ["README.md"]
        ),
        .target(
            name: "FazhiClient",
            dependencies: [
                "FazhiTransport",
                "FazhiWire",
                "FazhiProto",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // MARK: Domain (pure Swift: no NIO, no generated types)
        .systemLibrary(
            name: "CZlib",
            path: "Sources/CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(
            name: "FazhiParsing",
            exclude: ["README.md"],
            resources: [
                .copy("Resources/gazetteer.tsv"),
                .copy("Resources/gazetteer-domains.tsv"),
                .copy("Resources/GAZETTEER-NOTICE"),
                .copy("Resources/indicators.json"),
            ]
        ),
        .target(name: "FazhiIndex", dependencies: ["FazhiParsing", "FazhiStorage", "CZlib"], exclude: ["README.md"]),
        .target(name: "FazhiAggregation", dependencies: ["FazhiParsing", "FazhiStorage"], exclude: ["README.md"]),
        .target(
            name: "FazhiCache",
            dependencies: ["CZlib", "CFileSync", "FazhiStorage", .product(name: "Crypto", package: "swift-crypto")],
            exclude: ["README.md"]
        ),
        // sync_file_range for the cache's batched writes (glibc declares it only under _GNU_SOURCE).
        .target(name: "CFileSync", exclude: ["README.md"]),
        // Write-ahead logs and atomic files shared by the index shards and facts partitions.
        .target(name: "FazhiStorage", dependencies: ["CZlib"], exclude: ["README.md"]),
        // Synthetic reports with known ground truth, for tests, benchmarks and the demo.
        .target(name: "FazhiCorpus", dependencies: ["FazhiParsing"], exclude: ["README.md"]),

        // MARK: Domain ↔ wire mapping (the one place the model meets generated types)
        .target(name: "FazhiMapping", dependencies: ["FazhiParsing", "FazhiProto", "FazhiIndex", "FazhiAggregation"]),

        // MARK: Services (one library each; the executables only wire options to them)
        .target(
            name: "FazhiParserService",
            dependencies: [
                "FazhiTransport", "FazhiProto", "FazhiCache", "FazhiParsing", "FazhiMapping", "FazhiWire",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            exclude: ["README.md"]
        ),
        .target(
            name: "FazhiIndexerService",
            dependencies: [
                "FazhiTransport", "FazhiProto", "FazhiIndex", "FazhiMapping", "FazhiWire",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "FazhiAggregatorService",
            dependencies: [
                "FazhiTransport", "FazhiProto", "FazhiAggregation", "FazhiMapping", "FazhiWire", "FazhiParsing",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "FazhiGatewayService",
            dependencies: [
                "FazhiTransport", "FazhiClient", "FazhiProto", "FazhiWire", "FazhiAggregation", "FazhiMapping",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),

        // MARK: Command line
        .target(
            name: "FazhiCommandLine",
            dependencies: [
                "FazhiTransport", "FazhiClient", "FazhiProto",
                "FazhiParserService", "FazhiIndexerService", "FazhiAggregatorService", "FazhiGatewayService",
                "FazhiParsing", "FazhiCache", "FazhiCorpus",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(name: "fazhi-parser", dependencies: ["FazhiCommandLine", argumentParser]),
        .executableTarget(name: "fazhi-indexer", dependencies: ["FazhiCommandLine", argumentParser]),
        .executableTarget(name: "fazhi-aggregator", dependencies: ["FazhiCommandLine", argumentParser]),
        .executableTarget(name: "fazhi-gateway", dependencies: ["FazhiCommandLine", argumentParser]),
        .executableTarget(name: "fazhi", dependencies: ["FazhiCommandLine", argumentParser]),

        // MARK: Tests
        .target(
            name: "FazhiTestSupport",
            dependencies: [
                "FazhiTransport", "FazhiClient", "FazhiWire", "FazhiProto",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/FazhiTestSupport"
        ),
        .testTarget(
            name: "FazhiWireTests",
            dependencies: [
                "FazhiWire", "FazhiProto",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ]
        ),
        .testTarget(
            name: "FazhiTransportTests",
            dependencies: [
                "FazhiTransport", "FazhiClient", "FazhiWire", "FazhiProto", "FazhiTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "FazhiServicesTests",
            dependencies: [
                "FazhiParserService", "FazhiIndexerService", "FazhiAggregatorService", "FazhiGatewayService",
                "FazhiCommandLine", "FazhiClient", "FazhiTransport", "FazhiProto", "FazhiTestSupport",
                "FazhiCache", "FazhiWire", "FazhiCorpus", "FazhiParsing", "FazhiAggregation", "FazhiMapping", "FazhiIndex",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ]
        ),
        .testTarget(name: "FazhiAggregationTests", dependencies: ["FazhiAggregation", "FazhiParsing", "FazhiCorpus", "FazhiStorage"]),
        .testTarget(name: "FazhiCacheTests", dependencies: ["FazhiCache", "FazhiStorage"]),
        .testTarget(name: "FazhiStorageTests", dependencies: ["FazhiStorage"]),
        .testTarget(
            name: "FazhiIndexTests", dependencies: ["FazhiIndex", "FazhiParsing", "FazhiStorage", "FazhiCorpus"], exclude: ["Fixtures"]
        ),
        .testTarget(name: "FazhiParsingTests", dependencies: ["FazhiParsing", "FazhiCorpus"], exclude: ["Fixtures"]),
        .testTarget(name: "FazhiCorpusTests", dependencies: ["FazhiCorpus", "FazhiParsing"]),
        .testTarget(name: "FazhiMappingTests", dependencies: ["FazhiMapping", "FazhiParsing", "FazhiProto"]),
    ]
)

// Swift 6 upcoming features and warnings-as-errors for every target, in one place (swift-log's Package.swift does
// the same). The generated protobuf code is written for InternalImportsByDefault
// (UseAccessLevelOnImports=true), so it takes the same settings.
for target in package.targets where [.executable, .test, .regular].contains(target.type) {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    settings.append(.enableUpcomingFeature("NonisolatedNonsendingByDefault"))
    // No warnings in our code: they fail the build (dependencies are not affected).
    settings.append(.treatAllWarnings(as: .error))
    target.swiftSettings = settings
}

// Benchmarks are built only on demand (FAZHI_BENCHMARKS=1), so that the default build and
// CI never resolve or compile the peers they are compared against (grpc-swift-2 takes
// about 16 minutes to build in release mode here).
if Context.environment["FAZHI_BENCHMARKS"] != nil {
    package.dependencies += [
        .package(url: "https://github.com/grpc/grpc-swift-2.git", from: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport.git", from: "2.9.2"),
    ]
    package.targets += [
        .executableTarget(
            name: "fazhi-rpc-benchmark",
            dependencies: [
                "FazhiTransport", "FazhiClient", "FazhiWire", "FazhiProto",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
            ],
            path: "Benchmarks/RPCBenchmark",
            swiftSettings: [
                .enableUpcomingFeature("ExistentialAny"),
                .enableUpcomingFeature("MemberImportVisibility"),
                .enableUpcomingFeature("InternalImportsByDefault"),
                .enableUpcomingFeature("NonisolatedNonsendingByDefault"),
            ]
        ),
        .executableTarget(
            name: "fazhi-index-benchmark",
            dependencies: ["FazhiIndex"],
            path: "Benchmarks/IndexBenchmark",
            swiftSettings: [
                .enableUpcomingFeature("ExistentialAny"),
                .enableUpcomingFeature("MemberImportVisibility"),
                .enableUpcomingFeature("InternalImportsByDefault"),
                .enableUpcomingFeature("NonisolatedNonsendingByDefault"),
                .unsafeFlags(["-Ounchecked"]),
            ]
        ),
        .executableTarget(
            name: "fazhi-aggregate-benchmark",
            dependencies: ["FazhiAggregation", "FazhiParsing"],
            path: "Benchmarks/AggregateBenchmark",
            exclude: ["compare.py"]
        ),
        .executableTarget(
            name: "fazhi-parse-benchmark",
            dependencies: [
                "FazhiCorpus", "FazhiParsing", "FazhiParserService", "FazhiCache", "FazhiMapping", "FazhiProto",
                "FazhiStorage", "FazhiWire",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Benchmarks/ParseBenchmark",
            swiftSettings: [
                .enableUpcomingFeature("ExistentialAny"),
                .enableUpcomingFeature("MemberImportVisibility"),
                .enableUpcomingFeature("InternalImportsByDefault"),
                .enableUpcomingFeature("NonisolatedNonsendingByDefault"),
            ]
        )
    ]
}
