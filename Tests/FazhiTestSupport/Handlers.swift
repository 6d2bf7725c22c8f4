package import FazhiTransport
internal import Foundation
internal import Synchronization

/// A latch tests use to see that a handler started, and whether it was cancelled.
package final class Probe: Sendable {
    private let state = Mutex<(started: Int, cancelled: Int, finished: Int)>((0, 0, 0))

    package init() {}

    package var started: Int { self.state.withLock { $0.started } }
    package var cancelled: Int { self.state.withLock { $0.cancelled } }
    package var finished: Int { self.state.withLock { $0.finished } }

    /// A raw handler that waits `duration` (cooperatively), counting starts, cancellations and
    /// completions; answers with the request payload.
    package func sleepingHandler(_ duration: Duration) -> RPCRouter.RawHandler {
        { payload, _ in
            self.state.withLock { $0.started += 1 }
            do {
                try await Task.sleep(for: duration)
            } catch {
                self.state.withLock { $0.cancelled += 1 }
                throw error
            }
            self.state.withLock { $0.finished += 1 }
            return payload
        }
    }

    private let gate = Mutex(false)

    /// Lets every ``gatedHandler()`` call finish.
    package func open() { self.gate.withLock { $0 = true } }

    /// A raw handler that waits until ``open()`` (or cancellation), then echoes the payload.
    package func gatedHandler() -> RPCRouter.RawHandler {
        { payload, _ in
            self.state.withLock { $0.started += 1 }
            while !self.gate.withLock({ $0 }) {
                do {
                    try await Task.sleep(for: .milliseconds(2))
                } catch {
                    self.state.withLock { $0.cancelled += 1 }
                    throw error
                }
            }
            self.state.withLock { $0.finished += 1 }
            return payload
        }
    }

    /// Waits (polling, bounded) until `condition` holds; returns whether it did.
    package func wait(timeout: Duration = .seconds(5), until condition: (Probe) -> Bool) async -> Bool {
        let clock = ContinuousClock()
        let end = clock.now + timeout
        while clock.now < end {
            if condition(self) { return true }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return condition(self)
    }
}

extension RPCRouter {
    /// "/test.Echo/Echo" (payload back), "/test.Echo/Slow" (sleeps) and "/test.Echo/Gated"
    /// (waits for ``Probe/open()``): see ``Probe``.
    package static func testRouter(probe: Probe = Probe(), slow: Duration = .seconds(30)) -> RPCRouter {
        var router = RPCRouter()
        router.registerRaw("/test.Echo/Echo") { payload, _ in payload }
        router.registerRaw("/test.Echo/Slow", handler: probe.sleepingHandler(slow))
        router.registerRaw("/test.Echo/Gated", handler: probe.gatedHandler())
        return router
    }
}
