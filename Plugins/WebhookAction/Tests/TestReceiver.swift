import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// A real HTTP receiver on 127.0.0.1 for the webhook tests: it records every request and answers
/// as its mode says — 200, a status N times then 200, 400, slowly, or not at all once stopped.
final class TestReceiver: Sendable {
    /// How the receiver answers.
    enum Mode: Sendable {
        /// 200 with `{"ok":true}` and an `X-Request-Id`.
        case accept
        /// `status` (with `headers`) for the first `times` requests, then 200.
        case fail(times: Int, status: Int, headers: [String: String] = [:])
        /// `status` with `body`, always.
        case answer(status: Int, body: String, headers: [String: String] = [:])
        /// 200 after `seconds`.
        case slow(seconds: Double)
    }

    /// One request as received.
    struct Request: Sendable {
        var method: String
        var uri: String
        var headers: HTTPHeaders
        var body: [UInt8]
        var receivedAt: Date
    }

    let state: ReceiverState
    private let channel: any Channel
    /// The port it listens on.
    let port: Int

    /// The URL to POST to.
    var url: String { "http://127.0.0.1:\(port)/hooks/xi" }

    private init(state: ReceiverState, channel: any Channel) {
        self.state = state
        self.channel = channel
        self.port = channel.localAddress?.port ?? 0
    }

    /// Starts listening on a free loopback port.
    static func start(_ mode: Mode) async throws -> TestReceiver {
        let state = ReceiverState(mode: mode)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(ReceiverHandler(state: state))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        return TestReceiver(state: state, channel: channel)
    }

    /// Stops listening: the port is closed from then on.
    func stop() async {
        try? await channel.close()
    }

    /// The requests so far.
    var requests: [Request] { state.requests }

    /// Changes how it answers.
    func set(_ mode: Mode) { state.set(mode) }
}
