internal import Foundation

/// Everything one run measured; written with --output-json.
struct Report: Codable, Sendable {
    struct Settings: Codable, Sendable {
        var durationSeconds: Double
        var warmupSeconds: Double
        var concurrency: Int
        var payloads: [Int]
        var systems: [SystemName]
    }

    var date: String
    var command: [String]
    var settings: Settings
    var machine: Machine
    var results: [CaseResult]
    var comparisons: [Comparison]
    var targets: [TargetCheck]
}

/// The machine, as far as the process can see it.
struct Machine: Codable, Sendable {
    var processors: Int
    var physicalMemoryBytes: UInt64
    var operatingSystem: String
    var loadAverageBefore: String
    var loadAverageAfter: String?

    static func current() -> Machine {
        Machine(
            processors: ProcessInfo.processInfo.activeProcessorCount,
            physicalMemoryBytes: ProcessInfo.processInfo.physicalMemory,
            operatingSystem: ProcessInfo.processInfo.operatingSystemVersionString,
            loadAverageBefore: Self.loadAverage(),
            loadAverageAfter: nil
        )
    }

    /// The 1, 5 and 15 minute load averages, "0.52 0.58 0.59", or "?" where unavailable.
    static func loadAverage() -> String {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "?" }
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }
}

/// One measured case.
struct CaseResult: Codable, Sendable {
    var system: SystemName
    var payloadBytes: Int
    var inFlight: Int
    var calls: Int
    var callsPerSecond: Double
    var p50Microseconds: Double
    var p90Microseconds: Double
    var p99Microseconds: Double
    var p999Microseconds: Double
    var maxMicroseconds: Double
    var meanMicroseconds: Double
    /// User + system CPU of the whole process (client and server together) per call.
    var cpuMicrosecondsPerCall: Double
    /// Context switches of the whole process per call (thread hand-offs).
    var contextSwitchesPerCall: Double
    /// The 1/5/15 minute load average when the case started.
    var loadAverage: String
    var error: String?

    init(_ benchmarkCase: BenchmarkCase, sample: LoadSample, loadAverage: String) {
        self.system = benchmarkCase.system
        self.payloadBytes = benchmarkCase.payloadBytes
        self.inFlight = benchmarkCase.inFlight
        self.calls = sample.calls
        self.callsPerSecond = sample.callsPerSecond
        self.p50Microseconds = sample.percentileMicroseconds(0.5)
        self.p90Microseconds = sample.percentileMicroseconds(0.9)
        self.p99Microseconds = sample.percentileMicroseconds(0.99)
        self.p999Microseconds = sample.percentileMicroseconds(0.999)
        self.maxMicroseconds = sample.percentileMicroseconds(1)
        self.meanMicroseconds = sample.meanMicroseconds
        self.cpuMicrosecondsPerCall = sample.cpuMicrosecondsPerCall
        self.contextSwitchesPerCall = sample.contextSwitchesPerCall
        self.loadAverage = loadAverage
        self.error = nil
    }

    init(_ benchmarkCase: BenchmarkCase, error: String, loadAverage: String) {
        self.system = benchmarkCase.system
        self.payloadBytes = benchmarkCase.payloadBytes
        self.inFlight = benchmarkCase.inFlight
        self.calls = 0
        self.callsPerSecond = 0
        self.p50Microseconds = 0
        self.p90Microseconds = 0
        self.p99Microseconds = 0
        self.p999Microseconds = 0
        self.maxMicroseconds = 0
        self.meanMicroseconds = 0
        self.cpuMicrosecondsPerCall = 0
        self.contextSwitchesPerCall = 0
        self.loadAverage = loadAverage
        self.error = error
    }
}

/// fazhi's calls/s relative to gRPC's and to the bare echo's, for one payload and mode.
struct Comparison: Codable, Sendable {
    var payloadBytes: Int
    var inFlight: Int
    var fazhiCallsPerSecond: Double?
    var grpcCallsPerSecond: Double?
    var bareCallsPerSecond: Double?
    var fazhiOverGRPC: Double?
    var fazhiOverBare: Double?

    static func all(_ results: [CaseResult]) -> [Comparison] {
        var comparisons: [Comparison] = []
        var seen: Set<[Int]> = []
        for result in results where seen.insert([result.payloadBytes, result.inFlight]).inserted {
            func rate(_ system: SystemName) -> Double? {
                results.first {
                    $0.system == system && $0.payloadBytes == result.payloadBytes && $0.inFlight == result.inFlight
                        && $0.error == nil
                }?.callsPerSecond
            }
            let fazhi = rate(.fazhi)
            let grpc = rate(.grpc)
            let bare = rate(.bare)
            comparisons.append(
                Comparison(
                    payloadBytes: result.payloadBytes,
                    inFlight: result.inFlight,
                    fazhiCallsPerSecond: fazhi,
                    grpcCallsPerSecond: grpc,
                    bareCallsPerSecond: bare,
                    fazhiOverGRPC: fazhi.flatMap { f in grpc.map { f / $0 } },
                    fazhiOverBare: fazhi.flatMap { f in bare.map { f / $0 } }
                )
            )
        }
        return comparisons
    }
}

/// One of the targets, checked against this run.
struct TargetCheck: Codable, Sendable {
    var target: String
    var measured: String
    /// `nil` when the run did not include the cases the target needs.
    var met: Bool?

    static func all(_ results: [CaseResult], comparisons: [Comparison]) -> [TargetCheck] {
        var checks: [TargetCheck] = []

        let ratio = comparisons.first { $0.payloadBytes == 1024 && $0.inFlight == 64 }?.fazhiOverGRPC
        checks.append(
            TargetCheck(
                target: "fazhi calls/s >= 10x grpc-swift-2, 1 KiB, 64 in flight",
                measured: ratio.map { "\(format($0, 1))x" } ?? "not measured",
                met: ratio.map { $0 >= 10 }
            )
        )

        let sequential = results.first {
            $0.system == .fazhi && $0.payloadBytes == 1024 && $0.inFlight == 1 && $0.error == nil
        }
        checks.append(
            TargetCheck(
                target: "fazhi sequential 1 KiB p50 <= 60 us",
                measured: sequential.map { "\(format($0.p50Microseconds, 1)) us" } ?? "not measured",
                met: sequential.map { $0.p50Microseconds <= 60 }
            )
        )
        checks.append(
            TargetCheck(
                target: "fazhi sequential 1 KiB p99 <= 150 us",
                measured: sequential.map { "\(format($0.p99Microseconds, 1)) us" } ?? "not measured",
                met: sequential.map { $0.p99Microseconds <= 150 }
            )
        )
        return checks
    }
}

/// Plain-text tables for the terminal (and, pasted, for BENCHMARKS.md: they are Markdown).
enum ResultTable {
    static let header = """
        | system | payload | in flight | calls | calls/s | p50 µs | p90 µs | p99 µs | p99.9 µs | CPU µs/call | csw/call | load avg |
        |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|
        """

    static func row(_ result: CaseResult) -> String {
        if let error = result.error {
            let cells = [
                result.system.rawValue, bytes(result.payloadBytes), String(result.inFlight), "failed: \(error)",
            ]
            return "| " + cells.joined(separator: " | ") + " ||||||||"
        }
        let cells = [
            result.system.rawValue,
            bytes(result.payloadBytes),
            "\(result.inFlight)",
            "\(result.calls)",
            format(result.callsPerSecond, 0),
            format(result.p50Microseconds, 1),
            format(result.p90Microseconds, 1),
            format(result.p99Microseconds, 1),
            format(result.p999Microseconds, 1),
            format(result.cpuMicrosecondsPerCall, 1),
            format(result.contextSwitchesPerCall, 1),
            result.loadAverage,
        ]
        return "| " + cells.joined(separator: " | ") + " |"
    }

    static func comparisons(_ comparisons: [Comparison]) -> String {
        var lines = [
            "| payload | in flight | fazhi calls/s | grpc calls/s | bare calls/s | fazhi/grpc | fazhi/bare |",
            "|---:|---:|---:|---:|---:|---:|---:|",
        ]
        func rate(_ value: Double?) -> String { value.map { format($0, 0) } ?? "–" }
        func ratio(_ value: Double?) -> String { value.map { format($0, 2) + "x" } ?? "–" }
        for comparison in comparisons {
            let cells: [String] = [
                bytes(comparison.payloadBytes),
                String(comparison.inFlight),
                rate(comparison.fazhiCallsPerSecond),
                rate(comparison.grpcCallsPerSecond),
                rate(comparison.bareCallsPerSecond),
                ratio(comparison.fazhiOverGRPC),
                ratio(comparison.fazhiOverBare),
            ]
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }

    static func targets(_ checks: [TargetCheck]) -> String {
        var lines = ["| target | measured | verdict |", "|---|---:|---|"]
        for check in checks {
            let verdict = check.met.map { $0 ? "met" : "NOT met" } ?? "not measured"
            lines.append("| \(check.target) | \(check.measured) | \(verdict) |")
        }
        return lines.joined(separator: "\n")
    }

    private static func bytes(_ count: Int) -> String {
        count % 1024 == 0 ? "\(count / 1024) KiB" : "\(count) B"
    }
}

/// `value` with `decimals` digits after the point.
func format(_ value: Double, _ decimals: Int) -> String {
    String(format: "%.\(decimals)f", value)
}
