// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "gatehouse",
    products: [
        .executable(name: "gatehouse", targets: ["gatehouse"]),
        .executable(name: "gatehouse-bench-server", targets: ["gatehouse-bench-server"]),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]
        ),
        .target(name: "CLinux"),
        .target(name: "Shared", dependencies: ["CLinux", "COpenSSL"]),
        .target(name: "ControlPlane", dependencies: ["Shared", "CSQLite"]),
        .target(name: "DataPlane", dependencies: ["Shared"]),
        .executableTarget(name: "gatehouse", dependencies: ["Shared", "ControlPlane", "DataPlane"]),
        .executableTarget(name: "gatehouse-bench-server", dependencies: ["Shared"], path: "bench/server"),
        .testTarget(name: "SharedTests", dependencies: ["Shared", "CLinux"]),
        .testTarget(name: "ControlPlaneTests", dependencies: ["ControlPlane", "Shared"]),
        .testTarget(name: "DataPlaneTests", dependencies: ["DataPlane", "Shared"]),
        .testTarget(name: "GatehouseTests", dependencies: ["Shared"]),
    ]
)
