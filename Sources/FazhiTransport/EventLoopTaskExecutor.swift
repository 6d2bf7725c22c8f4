internal import NIOCore

/// A task executor that runs jobs on one NIO event loop.
///
/// A connection's frames arrive on its event loop. Running the connection's reader task, and
/// the calls of cheap or I/O-bound handlers (``RPCRouter/Placement/eventLoop``), on that same
/// thread saves the two thread hops per call (loop → pool → loop) that dominate the latency of
/// a small call; CPU-heavy handlers keep the shared pool (``RPCRouter/Placement/shared``) so
/// they never hold up the loop's I/O.
final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        self.eventLoop.execute {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}
