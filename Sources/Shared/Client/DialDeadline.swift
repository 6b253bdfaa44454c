import NIOCore
import NIOTLS
import Synchronization

/// What became of the connection attempts to one endpoint, as seen from inside their channels.
final class DialRecord: Sendable {
    private struct State {
        var established = false
        var timedOut = false
    }

    private let state = Mutex(State())

    var established: Bool { state.withLock { $0.established } }
    var timedOut: Bool { state.withLock { $0.timedOut } }

    func markEstablished() { state.withLock { $0.established = true } }
    func markTimedOut() { state.withLock { $0.timedOut = true } }
}

/// etcdctl's `--dial-timeout`: a connection must be usable (TCP connected and, with TLS, the
/// handshake done) within the timeout, or it is closed. The call on it then fails as
/// unreachable and the next endpoint is tried, instead of one blackholed address using up
/// the whole command timeout. Added to each channel before it connects.
final class DialDeadlineHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    private let timeout: TimeAmount
    private let awaitsHandshake: Bool
    private let record: DialRecord
    private var deadline: Scheduled<Void>?

    init(timeout: TimeAmount, awaitsHandshake: Bool, record: DialRecord) {
        precondition(timeout > .zero, "a dial timeout must be positive")
        self.timeout = timeout
        self.awaitsHandshake = awaitsHandshake
        self.record = record
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let record = self.record
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
            record.markTimedOut()
            context.close(promise: nil)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        context.fireChannelActive()
        if !awaitsHandshake { established(context) }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        context.fireUserInboundEventTriggered(event)
        if awaitsHandshake, case TLSUserEvent.handshakeCompleted = event { established(context) }
    }

    private func established(_ context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
        record.markEstablished()
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }
}
