internal import FazhiProto
internal import NIOCore

/// Writes frames to a channel from any thread, flushing once per event-loop tick.
///
/// With many calls in flight, answers finish on many threads at nearly the same time; a flush
/// per answer would be a `write` system call per answer. Each frame is written where it lands on
/// the event loop, and one flush is scheduled behind it: frames that arrive before that flush
/// runs share it.
final class CoalescingWriter: Sendable {
    private let channel: any Channel
    private let flushScheduled: NIOLoopBoundBox<Bool>

    init(channel: any Channel) {
        self.channel = channel
        self.flushScheduled = NIOLoopBoundBox.makeBoxSendingValue(false, eventLoop: channel.eventLoop)
    }

    /// Queues `frame`; it is flushed within the current event-loop tick.
    func write(_ frame: Fazhi_V1_Frame) {
        if self.channel.eventLoop.inEventLoop {
            self.writeOnLoop(frame)
        } else {
            self.channel.eventLoop.execute { self.writeOnLoop(frame) }
        }
    }

    /// Returns once everything written so far has been flushed (event-loop order is FIFO, so
    /// a flush submitted now runs after every write queued before it).
    func flush() async {
        let channel = self.channel
        try? await channel.eventLoop.submit { channel.flush() }.get()
    }

    /// Closes the channel after everything written so far has been flushed.
    ///
    /// Closes must come through here: a flush scheduled by ``write(_:)`` may still be queued,
    /// and closing first would drop the frames it was to send.
    func flushAndClose() {
        self.channel.eventLoop.execute {
            self.channel.flush()
            self.channel.close(promise: nil)
        }
    }

    private func writeOnLoop(_ frame: Fazhi_V1_Frame) {
        self.channel.write(frame, promise: nil)
        guard !self.flushScheduled.value else { return }
        self.flushScheduled.value = true
        self.channel.eventLoop.execute {
            self.flushScheduled.value = false
            self.channel.flush()
        }
    }
}
