import Foundation
import NIOCore
import NIOHTTP1

/// Collects one request and answers it.
final class ReceiverHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let state: ReceiverState
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    init(state: ReceiverState) { self.state = state }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = []
        case .body(var buffer):
            body += buffer.readBytes(length: buffer.readableBytes) ?? []
        case .end:
            guard let head else { return }
            let answer = state.record(.init(method: head.method.rawValue, uri: head.uri, headers: head.headers, body: body, receivedAt: Date()))
            if answer.delay > 0 {
                let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
                context.eventLoop.scheduleTask(in: .milliseconds(Int64(answer.delay * 1000))) {
                    let (handler, context) = bound.value
                    handler.respond(context: context, version: head.version, answer: answer)
                }
            } else {
                respond(context: context, version: head.version, answer: answer)
            }
        }
    }

    private func respond(context: ChannelHandlerContext, version: HTTPVersion, answer: (status: Int, headers: [String: String], body: String, delay: Double)) {
        guard context.channel.isActive else { return }
        var headers = HTTPHeaders()
        for (name, value) in answer.headers { headers.add(name: name, value: value) }
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Content-Length", value: String(answer.body.utf8.count))
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: version, status: .init(statusCode: answer.status), headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: answer.body)))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}
