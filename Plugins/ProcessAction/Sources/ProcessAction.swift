import Foundation
import XIPluginAPI

/// Delivers through an external program that speaks xi's plugin protocol (`kind: process`): xi
/// writes `DELIVERY` messages to its input, and it answers `ACK` or `NACK` for each id.
///
/// The program is started on the first delivery and kept running; a batch of deliveries is written
/// before the answers are read, and answers may come in any order. A delivery whose answer does
/// not come within `timeout`, whose program exits or crashes first, or which is NACKed as
/// retryable, is tried again (with a new program when the old one ended) after a backoff with
/// jitter, up to `retries` times; then it stays pending in the outbox for the next run. An answer
/// naming an id that was not sent is a protocol error. See `Plugins/ProcessAction/README.md` and
/// `docs/plugin-protocol.md`.
public final class ProcessAction: Action, @unchecked Sendable {
    /// The plugin's kind, options and maker: `kind: process`.
    public static let factory = PluginFactory(
        descriptor: PluginDescriptor(
            category: .action, kind: "process", summary: "Delivers through a plugin program that answers ACK or NACK per delivery (xi's plugin protocol).",
            options: ExternalCommand.descriptors + [
                PluginOption("timeout", .duration, summary: "The longest wait for a batch's answers before the program counts as hung and is restarted (default 30s)."),
                PluginOption("retries", .integer, summary: "Tries after the first for a delivery NACKed as retryable or not answered, in this run (default 3)."),
                PluginOption("retry_backoff", .string, summary: "The wait before the first retry, doubled for each next one, with jitter: 0s, 500ms, 2s (default 1s)."),
                PluginOption("batch_size", .integer, summary: "Deliveries written before the answers are read (default 100)."),
                PluginOption("validate_spec", .boolean, summary: "Run the plugin's spec and check config against it when xi starts (default true)."),
            ]),
        make: { context, _ in .action(try ProcessAction(context: context)) })

    /// The program, its config, where it runs.
    public let command: ExternalCommand
    /// The longest wait for a batch's answers (`timeout`), retries in this run (`retries`) and the
    /// first retry's wait (`retry_backoff`).
    public let policy: RetryPolicy
    /// Deliveries per exchange.
    public let batchSize: Int

    private let queue = DispatchQueue(label: "xi.process-action")
    private var child: ChildProcess?
    private var output: [UInt8] = []

    /// Makes the action; runs the program's `spec` to check `config` unless `validate_spec: false`.
    /// Throws ``PluginError`` for an option that cannot work.
    public init(context: PluginContext) throws(PluginError) {
        command = try ExternalCommand(context)
        policy = try RetryPolicy(context, timeout: 30, retries: 3)
        batchSize = try FileSourceOptions.positiveInteger("batch_size", in: context) ?? 100
        if context.options["validate_spec"] != .boolean(false) {
            let problems = try command.validateConfig()
            if !problems.isEmpty {
                throw PluginError("action '\(context.name)': its config does not match the plugin's spec:\n  " + problems.joined(separator: "\n  "))
            }
        }
    }

    /// Delivers one.
    public func deliver(_ delivery: Delivery) async -> Receipt {
        await deliver(batch: [delivery])[0]
    }

    /// Delivers several, one receipt each in the same order; the exchange runs on the action's own
    /// queue (the program's pipes are blocking work), one batch at a time.
    public func deliver(batch deliveries: [Delivery]) async -> [Receipt] {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: self.deliverNow(deliveries)) }
        }
    }

    /// Closes the program's input and waits for it to exit (then SIGTERM, then SIGKILL).
    public func shutdown() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            queue.async {
                self.child?.stop(grace: 5)
                self.child = nil
                self.removeConfig()
                continuation.resume()
            }
        }
    }

    // MARK: - Exchanges

    /// One delivery's answer.
    enum Answer {
        case acknowledged(reference: String?)
        case refused(reason: String)
        case again(reason: String)
    }

    private func deliverNow(_ deliveries: [Delivery]) -> [Receipt] {
        var receipts = [Receipt?](repeating: nil, count: deliveries.count)
        var remaining = Array(deliveries.indices)
        var tries = 0
        while true {
            var again: [(index: Int, reason: String)] = []
            for start in stride(from: 0, to: remaining.count, by: batchSize) {
                let chunk = Array(remaining[start..<min(remaining.count, start + batchSize)])
                let answers = exchange(chunk.map { deliveries[$0] }, tries: tries)
                for (position, index) in chunk.enumerated() {
                    switch answers[position] {
                    case .acknowledged(let reference): receipts[index] = .delivered(reference: reference)
                    case .refused(let reason): receipts[index] = .rejected(reason: reason)
                    case .again(let reason): again.append((index, reason))
                    }
                }
            }
            if again.isEmpty { break }
            if tries >= policy.retries {
                for (index, reason) in again {
                    receipts[index] = .retry(reason: reason + policy.triesNote, after: nil)
                }
                break
            }
            tries += 1
            let wait = policy.wait(beforeRetry: tries)
            if wait > 0 { Thread.sleep(forTimeInterval: wait) }
            remaining = again.map(\.index)
        }
        return receipts.map { $0! }
    }

    /// Writes `deliveries` and reads their answers.
    private func exchange(_ deliveries: [Delivery], tries: Int) -> [Answer] {
        let timeout = policy.timeout
        var answers = [Answer?](repeating: nil, count: deliveries.count)
        // An id given twice in one batch is sent once; its answer serves both.
        var positions: [String: [Int]] = [:]
        var text = ""
        let now = Date()
        for (position, delivery) in deliveries.enumerated() {
            if positions[delivery.id] != nil {
                positions[delivery.id]!.append(position)
                continue
            }
            do {
                let envelope = try DeliveryEnvelope.line(for: delivery, deliveredAt: now)
                text += "{\"type\":\"DELIVERY\",\"id\":" + JSONText.quoted(delivery.id) + ",\"attempt\":\(delivery.attempt + tries),\"delivery\":" + envelope + "}\n"
                positions[delivery.id] = [position]
            } catch let error as DeliveryEnvelope.InvalidBody {
                answers[position] = .refused(reason: error.reason)
            } catch {
                answers[position] = .refused(reason: "\(error)")
            }
        }
        if positions.isEmpty { return answers.map { $0! } }
        let child: ChildProcess
        do {
            child = try running()
        } catch {
            return answers.map { $0 ?? .again(reason: error.message) }
        }
        var problem: String?
        if !child.write(Array(text.utf8), timeout: timeout) {
            problem = "the plugin stopped reading its input"
        }
        // Answers, until every id has one, the program ends, or the time is up.
        let deadline = Date().addingTimeInterval(timeout)
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var waiting = positions.count
        reading: while waiting > 0 {
            while let newline = output.firstIndex(of: 0x0A) {
                let line = Array(output[..<newline])
                output.removeSubrange(...newline)
                switch read(line, positions: positions, into: &answers) {
                case .answered: waiting -= 1
                case .ignored: break
                case .protocolError(let message):
                    problem = message
                    break reading
                }
                if waiting == 0 { break reading }
            }
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 {
                problem = "no answer within \(PluginContext.format(timeout)) s (timeout); the plugin was stopped"
                break
            }
            switch buffer.withUnsafeMutableBytes({ child.read(into: $0, timeout: remaining) }) {
            case .bytes(let count):
                output.append(contentsOf: buffer[0..<count])
                // Answers are short: a megabyte without a line end is a plugin gone wrong, not an answer.
                if output.count > Self.longestLine && !output.contains(0x0A) {
                    problem = "the plugin wrote more than \(Self.longestLine) bytes without a line end (a protocol error)"
                    break reading
                }
            case .timedOut: continue
            case .end:
                let exit = child.waitForExit(timeout: 5).map(\.description) ?? "closed its output"
                let errors = child.lastErrorLines.suffix(3).joined(separator: " | ")
                problem = "the plugin \(exit) before answering" + (errors.isEmpty ? "" : " (its last error output: \(errors))")
                break reading
            }
        }
        if let problem {
            // The program is replaced: a hung, crashed or confused one gets no more deliveries.
            ExternalCommand.log("xi: action '\(command.name)': \(problem)")
            child.kill()
            self.child = nil
            output.removeAll()
            removeConfig()
            return answers.map { $0 ?? .again(reason: problem) }
        }
        return answers.map { $0! }
    }

    /// The longest answer line read (1 MB).
    static let longestLine = 1 << 20

    private enum LineResult {
        case answered
        case ignored
        case protocolError(String)
    }

    private func read(_ line: [UInt8], positions: [String: [Int]], into answers: inout [Answer?]) -> LineResult {
        guard let message = (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any],
              let type = (message["type"] as? String)?.uppercased()
        else {
            let text = String(decoding: line.prefix(200), as: UTF8.self)
            if !text.trimmingCharacters(in: .whitespaces).isEmpty {
                ExternalCommand.log("xi: action '\(command.name)': ignored a line that is not a protocol message: \(text)")
            }
            return .ignored
        }
        switch type {
        case "ACK", "NACK":
            guard let id = message["id"] as? String, let sent = positions[id] else {
                let id = message["id"].map { "\($0)" } ?? "none"
                return .protocolError("the plugin answered \(type) for id '\(id)', which xi did not send (a protocol error)")
            }
            guard answers[sent[0]] == nil else { return .ignored }  // a second answer for one id
            let answer: Answer
            if type == "ACK" {
                answer = .acknowledged(reference: message["reference"] as? String)
            } else {
                let reason = message["reason"] as? String ?? "NACK without a reason"
                answer = (message["retryable"] as? Bool ?? true) ? .again(reason: reason) : .refused(reason: reason)
            }
            for position in sent { answers[position] = answer }
            return .answered
        case "LOG":
            let level = (message["level"] as? String ?? "info").lowercased()
            if level != "debug" && level != "trace" {
                ExternalCommand.log("xi: action '\(command.name)': \(level): \(message["message"] as? String ?? "")")
            }
            return .ignored
        default:
            ExternalCommand.log("xi: action '\(command.name)': ignored a \(type) message (expected ACK, NACK or LOG)")
            return .ignored
        }
    }

    private var configPath: String?

    private func running() throws(PluginError) -> ChildProcess {
        if let child { return child }
        let path = try command.writeConfigFile()
        configPath = path
        let started = try command.start(["write", "--config", path])
        child = started
        return started
    }

    private func removeConfig() {
        if let configPath { try? FileManager.default.removeItem(atPath: configPath) }
        configPath = nil
    }
}
