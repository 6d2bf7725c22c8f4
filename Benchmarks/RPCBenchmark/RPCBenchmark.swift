internal import ArgumentParser
internal import Foundation

/// Echo round trips on loopback: our runtime against grpc-swift-2 unary calls and a bare NIO
/// framed echo, measured in the same process run. See BENCHMARKS.md ("RPC runtime").
@main
struct RPCBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fazhi-rpc-benchmark",
        abstract: "Echo round-trip latency and calls/s: fazhi vs grpc-swift-2 vs a bare NIO echo.",
        discussion: """
            For each payload, each mode (1 call in flight, then --concurrency calls in flight on \
            one connection) and each system, a server is started in-process on 127.0.0.1, warmed \
            up, and measured for a fixed time. Every call's latency is recorded.
            """
    )

    @Option(help: "Seconds measured per case.")
    var durationSeconds: Double = 10

    @Option(help: "Seconds of warm-up per case (not measured).")
    var warmupSeconds: Double = 3

    @Option(help: "Calls in flight on the one connection in the concurrent mode.")
    var concurrency: Int = 64

    @Option(help: "Comma-separated payload sizes in bytes.")
    var payloads: IntegerList = IntegerList([1024, 65536])

    @Option(help: "Comma-separated modes: sequential (1 call in flight), concurrent (--concurrency in flight).")
    var modes: ModeList = ModeList([.sequential, .concurrent])

    @Option(help: "Comma-separated systems to measure: fazhi, grpc, bare.")
    var systems: SystemList = SystemList(SystemName.allCases)

    @Option(help: "Write the results as JSON to this file.")
    var outputJSON: String?

    func validate() throws {
        guard self.durationSeconds > 0, self.warmupSeconds >= 0 else {
            throw ValidationError("--duration-seconds must be positive and --warmup-seconds not negative")
        }
        guard self.concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
        guard self.payloads.values.allSatisfy({ (1...(4 << 20) - 1024).contains($0) }) else {
            throw ValidationError("payload sizes must be between 1 byte and 4 MiB - 1 KiB")
        }
    }

    func run() async throws {
        var modes = self.modes.values.map { $0 == .sequential ? 1 : self.concurrency }
        if modes.count == 2 && modes[0] == modes[1] { modes.removeLast() }
        let cases = self.payloads.values.flatMap { payload in
            modes.flatMap { inFlight in
                self.systems.values.map { BenchmarkCase(system: $0, payloadBytes: payload, inFlight: inFlight) }
            }
        }
        self.startWatchdog(cases: cases.count)

        let machine = Machine.current()
        print(
            "fazhi-rpc-benchmark: \(cases.count) cases, \(self.warmupSeconds) s warm-up + \(self.durationSeconds) s each;"
                + " \(machine.processors) CPUs, load average \(machine.loadAverageBefore)"
        )
        print(ResultTable.header)
        fflush(nil)

        var results: [CaseResult] = []
        for benchmarkCase in cases {
            let result = await self.measure(benchmarkCase)
            results.append(result)
            print(ResultTable.row(result))
            fflush(nil)
        }

        let comparisons = Comparison.all(results)
        let targets = TargetCheck.all(results, comparisons: comparisons)
        print()
        print(ResultTable.comparisons(comparisons))
        print()
        print(ResultTable.targets(targets))

        var finishedMachine = machine
        finishedMachine.loadAverageAfter = Machine.loadAverage()
        let report = Report(
            date: Date().formatted(.iso8601),
            command: CommandLine.arguments,
            settings: Report.Settings(
                durationSeconds: self.durationSeconds,
                warmupSeconds: self.warmupSeconds,
                concurrency: self.concurrency,
                payloads: self.payloads.values,
                systems: self.systems.values
            ),
            machine: finishedMachine,
            results: results,
            comparisons: comparisons,
            targets: targets
        )
        if let path = self.outputJSON {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(report).write(to: URL(fileURLWithPath: path))
            print("\nwrote \(path)")
        }
        fflush(nil)
    }

    private func measure(_ benchmarkCase: BenchmarkCase) async -> CaseResult {
        let loadAverage = Machine.loadAverage()
        do {
            let sample = try await benchmarkCase.system.makeSystem().withEchoCall(
                payloadSize: benchmarkCase.payloadBytes
            ) { call in
                try await runLoad(
                    call: call,
                    concurrency: benchmarkCase.inFlight,
                    warmupNanoseconds: UInt64(self.warmupSeconds * 1e9),
                    durationNanoseconds: UInt64(self.durationSeconds * 1e9)
                )
            }
            return CaseResult(benchmarkCase, sample: sample, loadAverage: loadAverage)
        } catch {
            return CaseResult(benchmarkCase, error: "\(error)", loadAverage: loadAverage)
        }
    }

    /// Ends the process if the run takes far longer than planned (a hung connection, say).
    private func startWatchdog(cases: Int) {
        let budget = Double(cases) * (self.warmupSeconds + self.durationSeconds + 20) + 30
        Task.detached {
            try? await Task.sleep(nanoseconds: UInt64(budget * 1e9))
            FileHandle.standardError.write(Data("fazhi-rpc-benchmark: gave up after \(Int(budget)) s\n".utf8))
            exitProcess(3)
        }
    }
}

/// One system, payload size and number of calls in flight.
struct BenchmarkCase: Sendable {
    var system: SystemName
    var payloadBytes: Int
    var inFlight: Int
}

/// "1024,65536".
struct IntegerList: ExpressibleByArgument, Sendable {
    var values: [Int]

    init(_ values: [Int]) {
        self.values = values
    }

    init?(argument: String) {
        let values = argument.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ $0 != nil }) else { return nil }
        self.values = values.compactMap { $0 }
    }

    var defaultValueDescription: String { self.values.map(String.init).joined(separator: ",") }
}

/// "fazhi,grpc,bare".
struct SystemList: ExpressibleByArgument, Sendable {
    var values: [SystemName]

    init(_ values: [SystemName]) {
        self.values = values
    }

    init?(argument: String) {
        let values = argument.split(separator: ",").map {
            SystemName(rawValue: $0.trimmingCharacters(in: .whitespaces).lowercased())
        }
        guard !values.isEmpty, values.allSatisfy({ $0 != nil }) else { return nil }
        self.values = values.compactMap { $0 }
    }

    var defaultValueDescription: String { self.values.map(\.rawValue).joined(separator: ",") }
}

/// Sequential: one call in flight; concurrent: --concurrency calls in flight.
enum Mode: String, CaseIterable, Sendable {
    case sequential, concurrent
}

/// "sequential,concurrent".
struct ModeList: ExpressibleByArgument, Sendable {
    var values: [Mode]

    init(_ values: [Mode]) {
        self.values = values
    }

    init?(argument: String) {
        let values = argument.split(separator: ",").map {
            Mode(rawValue: $0.trimmingCharacters(in: .whitespaces).lowercased())
        }
        guard !values.isEmpty, values.allSatisfy({ $0 != nil }) else { return nil }
        self.values = values.compactMap { $0 }
    }

    var defaultValueDescription: String { self.values.map(\.rawValue).joined(separator: ",") }
}
