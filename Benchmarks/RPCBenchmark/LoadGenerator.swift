internal import NIOCore

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// What one run of calls measured.
struct LoadSample: Sendable {
    /// Latency of every call that completed inside the measurement window, sorted, in ns.
    var latencies: [UInt64]
    /// Length of the measurement window in ns.
    var windowNanoseconds: UInt64
    /// User + system CPU time the whole process (client and server) used in the window, in ns.
    var cpuNanoseconds: UInt64
    /// Context switches (voluntary + involuntary) of all the process's threads in the window.
    var contextSwitches: UInt64

    var calls: Int { self.latencies.count }
    var callsPerSecond: Double { Double(self.calls) * 1e9 / Double(self.windowNanoseconds) }

    /// Nearest-rank percentile in µs; `q` in 0...1.
    func percentileMicroseconds(_ q: Double) -> Double {
        guard !self.latencies.isEmpty else { return .nan }
        let rank = Int((q * Double(self.latencies.count)).rounded(.up)) - 1
        return Double(self.latencies[min(max(rank, 0), self.latencies.count - 1)]) / 1000
    }

    var meanMicroseconds: Double {
        guard !self.latencies.isEmpty else { return .nan }
        return Double(self.latencies.reduce(0, +)) / Double(self.latencies.count) / 1000
    }

    /// Context switches (both sides, all threads) per call: each is a thread going to sleep or
    /// being preempted, so this counts the thread hand-offs a call costs.
    var contextSwitchesPerCall: Double {
        guard self.calls > 0 else { return .nan }
        return Double(self.contextSwitches) / Double(self.calls)
    }

    /// CPU time (both sides, all threads) per call in µs.
    var cpuMicrosecondsPerCall: Double {
        guard self.calls > 0 else { return .nan }
        return Double(self.cpuNanoseconds) / Double(self.calls) / 1000
    }
}

/// Keeps `concurrency` calls in flight (each worker starts its next call when its previous one
/// returns) through a warm-up and then a measurement window.
///
/// A call counts if it completes inside the window; its latency is recorded in a per-worker
/// array, so recording takes no lock. Workers stop starting calls when the window closes.
func runLoad(
    call: @escaping EchoCall,
    concurrency: Int,
    warmupNanoseconds: UInt64,
    durationNanoseconds: UInt64
) async throws -> LoadSample {
    let start = monotonicNanoseconds()
    let windowStart = start + warmupNanoseconds
    let windowEnd = windowStart + durationNanoseconds

    return try await withThrowingTaskGroup(of: [UInt64].self) { group in
        for _ in 0..<concurrency {
            group.addTask {
                var latencies: [UInt64] = []
                latencies.reserveCapacity(1 << 16)
                while true {
                    let before = monotonicNanoseconds()
                    if before >= windowEnd { break }
                    try await call()
                    let after = monotonicNanoseconds()
                    if after >= windowStart && after < windowEnd {
                        latencies.append(after - before)
                    }
                }
                return latencies
            }
        }

        // The CPU time of the window, read by this task while the workers run.
        try await sleep(until: windowStart)
        let usageAtStart = ProcessUsage.now()
        try await sleep(until: windowEnd)
        let usageAtEnd = ProcessUsage.now()

        var latencies: [UInt64] = []
        for try await part in group {
            latencies.append(contentsOf: part)
        }
        latencies.sort()
        return LoadSample(
            latencies: latencies,
            windowNanoseconds: durationNanoseconds,
            cpuNanoseconds: usageAtEnd.cpuNanoseconds &- usageAtStart.cpuNanoseconds,
            contextSwitches: usageAtEnd.contextSwitches &- usageAtStart.contextSwitches
        )
    }
}

private func sleep(until deadline: UInt64) async throws {
    let now = monotonicNanoseconds()
    if deadline > now {
        try await Task.sleep(nanoseconds: deadline - now)
    }
}

/// CLOCK_MONOTONIC in ns (what NIODeadline reads).
func monotonicNanoseconds() -> UInt64 {
    NIODeadline.now().uptimeNanoseconds
}

/// CPU time and context switches of the whole process so far (getrusage).
struct ProcessUsage {
    /// User + system CPU time in ns.
    var cpuNanoseconds: UInt64
    /// Voluntary + involuntary context switches.
    var contextSwitches: UInt64

    static func now() -> ProcessUsage {
        var usage = rusage()
        #if canImport(Glibc)
        let who = __rusage_who_t(RUSAGE_SELF.rawValue)
        #else
        let who = RUSAGE_SELF
        #endif
        guard getrusage(who, &usage) == 0 else { return ProcessUsage(cpuNanoseconds: 0, contextSwitches: 0) }
        func nanoseconds(_ time: timeval) -> UInt64 {
            UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_usec) * 1000
        }
        return ProcessUsage(
            cpuNanoseconds: nanoseconds(usage.ru_utime) + nanoseconds(usage.ru_stime),
            contextSwitches: UInt64(usage.ru_nvcsw) + UInt64(usage.ru_nivcsw)
        )
    }
}

/// Ends the process at once (the watchdog's way out).
func exitProcess(_ status: Int32) -> Never {
    exit(status)
}
