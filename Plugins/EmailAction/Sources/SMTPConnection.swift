import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// One SMTP session (RFC 5321): connect, EHLO, STARTTLS when the server offers it (or TLS from the
/// start for `smtps`), AUTH PLAIN when credentials are given, then messages, then QUIT.
final class SMTPConnection: @unchecked Sendable {
    /// A server's reply: its code and its text lines.
    struct Reply: Sendable {
        var code: Int
        var lines: [String]
        var text: String { lines.joined(separator: " ") }
        /// "550 mailbox unavailable".
        var description: String { "\(code) \(text)" }
    }

    /// What went wrong, and whether trying again may help (4xx, a lost connection) or not (5xx).
    struct Failure: Error, Sendable, CustomStringConvertible {
        var message: String
        var permanent: Bool
        var description: String { message }
    }

    private let channel: any Channel
    private let replies: ReplyHandler
    private let settings: EmailSettings
    private let timeout: TimeAmount
    /// Whether the session is encrypted (STARTTLS done, or smtps).
    private(set) var isEncrypted: Bool
    /// The server's EHLO capabilities, upper-cased first words (STARTTLS, AUTH, 8BITMIME, …).
    private(set) var capabilities: [String: String] = [:]

    private init(channel: any Channel, replies: ReplyHandler, settings: EmailSettings, encrypted: Bool) {
        self.channel = channel
        self.replies = replies
        self.settings = settings
        self.isEncrypted = encrypted
        timeout = .nanoseconds(Int64(settings.policy.timeout * 1_000_000_000))
    }

    /// Connects and greets: EHLO, STARTTLS when offered (required by `starttls: required`), AUTH.
    static func open(_ settings: EmailSettings) async throws -> SMTPConnection {
        let replies = ReplyHandler()
        let implicitTLS = settings.implicitTLS
        let sslContext = try settings.makeTLSContext()
        let host = settings.host
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.nanoseconds(Int64(settings.policy.timeout * 1_000_000_000)))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if implicitTLS {
                            let tls = try NIOSSLClientHandler(context: sslContext, serverHostname: Self.serverName(host))
                            try channel.pipeline.syncOperations.addHandler(tls)
                        }
                        try channel.pipeline.syncOperations.addHandler(replies)
                    }
                }
                .connect(host: host, port: settings.port)
                .get()
        } catch {
            throw Failure(message: "cannot connect to \(host):\(settings.port): \(error)", permanent: false)
        }
        let connection = SMTPConnection(channel: channel, replies: replies, settings: settings, encrypted: implicitTLS)
        do {
            try await connection.greet(sslContext: sslContext)
        } catch {
            await connection.close()
            throw error
        }
        return connection
    }

    private func greet(sslContext: NIOSSLContext) async throws {
        try expect(await reply(), 220, "the greeting")
        try await hello()
        if !isEncrypted {
            if capabilities["STARTTLS"] != nil && settings.startTLS != .never {
                try expect(await command("STARTTLS"), 220, "STARTTLS")
                let tls = try NIOSSLClientHandler(context: sslContext, serverHostname: Self.serverName(settings.host))
                try await channel.pipeline.addHandler(tls, position: .first).get()
                isEncrypted = true
                try await hello()
            } else if settings.startTLS == .required {
                throw Failure(message: "\(settings.host) does not offer STARTTLS, and starttls is 'required'", permanent: true)
            }
        }
        if let user = settings.user {
            guard isEncrypted || settings.allowsPlainAuthentication else {
                throw Failure(
                    message: "\(settings.host) offers no STARTTLS: xi will not send the password in clear text (set allow_insecure_auth: true for a server on a trusted network)",
                    permanent: true)
            }
            let token = Data(("\u{0}" + user + "\u{0}" + (settings.password ?? "")).utf8).base64EncodedString()
            let answer = try await command("AUTH PLAIN " + token, shown: "AUTH PLAIN (credentials)")
            guard answer.code == 235 else {
                throw Failure(message: "\(settings.host) refused the login: \(answer.description)", permanent: answer.code >= 500)
            }
        }
    }

    private func hello() async throws {
        let answer = try await command("EHLO " + settings.heloName)
        try expect(answer, 250, "EHLO")
        capabilities = [:]
        for line in answer.lines.dropFirst() {
            let words = line.split(separator: " ", maxSplits: 1)
            guard let first = words.first else { continue }
            capabilities[first.uppercased()] = words.count > 1 ? String(words[1]) : ""
        }
    }

    /// Sends one message; returns the server's answer to its end (often with a queue id).
    func send(from: String, to recipients: [String], message: [UInt8]) async throws -> String {
        try expect(await command("MAIL FROM:<\(from)>"), 250, "MAIL FROM")
        for recipient in recipients {
            let answer = try await command("RCPT TO:<\(recipient)>")
            guard answer.code == 250 || answer.code == 251 else {
                throw Failure(message: "\(settings.host) refused the recipient \(recipient): \(answer.description)", permanent: answer.code >= 500)
            }
        }
        try expect(await command("DATA"), 354, "DATA")
        var buffer = channel.allocator.buffer(capacity: message.count + 64)
        buffer.writeBytes(Self.dotStuffed(message))
        buffer.writeString("\r\n.\r\n")
        try await channel.writeAndFlush(buffer).get()
        let answer = try await reply()
        try expect(answer, 250, "the message")
        return answer.text
    }

    /// Abandons a message after a failure, so the session can carry on.
    func reset() async {
        _ = try? await command("RSET")
    }

    /// QUIT, then closes.
    func close() async {
        if channel.isActive { _ = try? await command("QUIT") }
        try? await channel.close().get()
    }

    private func command(_ line: String, shown: String? = nil) async throws -> Reply {
        var buffer = channel.allocator.buffer(capacity: line.utf8.count + 2)
        buffer.writeString(line + "\r\n")
        do {
            try await channel.writeAndFlush(buffer).get()
        } catch {
            throw Failure(message: "the connection to \(settings.host) was lost sending \(shown ?? line.split(separator: " ").first.map(String.init) ?? line): \(error)", permanent: false)
        }
        return try await reply()
    }

    private func reply() async throws -> Reply {
        let future = channel.eventLoop.flatSubmit { [replies, channel] in replies.next(on: channel.eventLoop) }
        let deadline = channel.eventLoop.scheduleTask(in: timeout) { [replies] in replies.fail(Failure(message: "no answer within the timeout", permanent: false)) }
        defer { deadline.cancel() }
        do {
            return try await future.get()
        } catch let failure as Failure {
            throw Failure(message: "\(settings.host): \(failure.message)", permanent: failure.permanent)
        } catch {
            throw Failure(message: "\(settings.host): \(error)", permanent: false)
        }
    }

    private func expect(_ reply: Reply, _ code: Int, _ step: String) throws {
        guard reply.code == code else {
            throw Failure(message: "\(settings.host) answered \(step) with \(reply.description)", permanent: reply.code >= 500)
        }
    }

    /// Lines starting with a dot get another dot (RFC 5321 4.5.2); line ends become CRLF.
    static func dotStuffed(_ message: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(message.count + 64)
        var atLineStart = true
        var previous: UInt8 = 0
        for byte in message {
            if byte == 0x0A && previous != 0x0D { output.append(0x0D) }
            if atLineStart && byte == UInt8(ascii: ".") { output.append(UInt8(ascii: ".")) }
            output.append(byte)
            atLineStart = byte == 0x0A
            previous = byte
        }
        return output
    }

    /// TLS's server name: a host name, never an IP address.
    static func serverName(_ host: String) -> String? {
        host.allSatisfy { $0.isNumber || $0 == "." || $0 == ":" } ? nil : host
    }

    /// Collects reply lines into replies and hands them out in order.
    final class ReplyHandler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer

        private var pending: [UInt8] = []
        private var lines: [String] = []
        private var ready: [Result<Reply, any Error>] = []
        private var waiting: [EventLoopPromise<Reply>] = []

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var buffer = unwrapInboundIn(data)
            pending.append(contentsOf: buffer.readBytes(length: buffer.readableBytes) ?? [])
            while let newline = pending.firstIndex(of: 0x0A) {
                var line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                if line.hasSuffix("\r") { line.removeLast() }
                guard line.count >= 3, let code = Int(line.prefix(3)) else { continue }
                let separator = line.dropFirst(3).first
                lines.append(String(line.dropFirst(4)))
                if separator != "-" {
                    deliver(.success(Reply(code: code, lines: lines)))
                    lines = []
                }
            }
        }

        func channelInactive(context: ChannelHandlerContext) {
            fail(Failure(message: "the server closed the connection", permanent: false))
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            fail(error)
            context.close(promise: nil)
        }

        func next(on loop: any EventLoop) -> EventLoopFuture<Reply> {
            if !ready.isEmpty {
                switch ready.removeFirst() {
                case .success(let reply): return loop.makeSucceededFuture(reply)
                case .failure(let error): return loop.makeFailedFuture(error)
                }
            }
            let promise = loop.makePromise(of: Reply.self)
            waiting.append(promise)
            return promise.futureResult
        }

        func fail(_ error: any Error) {
            if waiting.isEmpty {
                ready.append(.failure(error))
            } else {
                for promise in waiting { promise.fail(error) }
                waiting.removeAll()
            }
        }

        private func deliver(_ result: Result<Reply, any Error>) {
            if waiting.isEmpty {
                ready.append(result)
            } else {
                waiting.removeFirst().completeWith(result)
            }
        }
    }
}
