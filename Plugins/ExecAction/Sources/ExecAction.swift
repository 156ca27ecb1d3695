import Foundation
import Mustache
import XIPluginAPI

/// Runs a command once per delivery (`kind: exec`): the delivery's envelope, one line of JSON (or
/// the text of the audience's `template`), on its standard input; its id, audience, kind and attempt in `XI_DELIVERY_ID`, `XI_AUDIENCE`,
/// `XI_DELIVERY_KIND` and `XI_ATTEMPT`.
///
/// Exit status 0 is delivered (the first line of its output, when there is one, is kept as the
/// receiver's reference); 65 (`EX_DATAERR`) is a refusal that no retry can mend; any other status,
/// a signal or the timeout is retried with backoff and jitter, up to `retries` times, and then stays
/// pending in the outbox. The same id may come again (a retry, a crash): the command should check
/// `XI_DELIVERY_ID` before acting twice. See `Plugins/ExecAction/README.md`.
public struct ExecAction: Action {
    /// The plugin's kind, options and maker: `kind: exec`.
    public static let factory = PluginFactory(
        descriptor: PluginDescriptor(
            category: .action, kind: "exec", summary: "Runs a command per delivery, with the delivery on its standard input.",
            options: [
                PluginOption("command", .stringList, required: true, summary: "The program and its arguments: a list, or one string split at spaces; a relative program path is relative to xi.yaml."),
                PluginOption("environment", .mapping, summary: "Extra environment variables for the command; secrets as ${ENV_VAR}."),
                PluginOption("timeout", .duration, summary: "How long one run of the command may take before it is killed and retried (default 30s)."),
                PluginOption("retries", .integer, summary: "Tries after the first when the command fails or times out, in this run (default 2)."),
                PluginOption("retry_backoff", .string, summary: "The wait before the first retry, doubled for each next one, with jitter: 0s, 500ms, 2s (default 1s)."),
                PluginOption("template", .string, summary: "A Mustache template whose text goes to standard input instead of the envelope (each audience may give its own)."),
            ]),
        make: { context, _ in .action(try ExecAction(context: context)) })

    /// The command, where it runs and its environment.
    public let command: ExternalCommand
    /// The longest run (`timeout`), tries after the first (`retries`) and the first retry's wait (`retry_backoff`).
    public let policy: RetryPolicy
    /// What goes to standard input instead of the envelope, when given.
    public let template: MustacheTemplate?

    /// Makes the action. Throws ``PluginError`` for an option that cannot work.
    public init(context: PluginContext) throws(PluginError) {
        var command = try ExternalCommand(context)
        if case .mapping(let variables)? = context.options["environment"] {
            for (name, value) in variables {
                if let variable = value.environmentReference {
                    guard let resolved = context.environment[variable] else {
                        throw PluginError("option 'environment.\(name)' of '\(context.name)' refers to the environment variable \(variable), which is not set; export it before running xi")
                    }
                    command.environment[name] = resolved
                } else {
                    command.environment[name] = value.description
                }
            }
        }
        self.command = command
        if let text = try? context.string("template") {
            do {
                template = try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + text)
            } catch {
                throw PluginError("option 'template' of '\(context.name)' is not a valid Mustache template: \(error)")
            }
        } else {
            template = nil
        }
        policy = try RetryPolicy(context, timeout: 30, retries: 2)
    }

    /// Runs the command for the delivery, retrying as configured.
    public func deliver(_ delivery: Delivery) async -> Receipt {
        let line: String
        do {
            line = try template.map { $0.render(delivery.templateContext) } ?? DeliveryEnvelope.line(for: delivery, deliveredAt: Date())
        } catch let error as DeliveryEnvelope.InvalidBody {
            return .rejected(reason: error.reason)
        } catch {
            return .rejected(reason: "\(error)")
        }
        var tries = 0
        while true {
            let attempt = delivery.attempt + tries
            let action = self
            // The wait for the command is blocking work: on a dispatch thread, not the task pool's.
            let outcome = await withCheckedContinuation { continuation in
                DispatchQueue.global().async { continuation.resume(returning: action.run(delivery, line: line, attempt: attempt)) }
            }
            switch outcome {
            case .delivered, .rejected: return outcome
            case .retry(let reason, _):
                if tries >= policy.retries { return .retry(reason: reason + policy.triesNote, after: nil) }
                tries += 1
                let wait = policy.wait(beforeRetry: tries)
                if wait > 0 { try? await Task.sleep(for: .seconds(wait)) }
            }
        }
    }

    private func run(_ delivery: Delivery, line: String, attempt: Int) -> Receipt {
        var command = command
        command.environment["XI_DELIVERY_ID"] = delivery.id
        command.environment["XI_AUDIENCE"] = delivery.audience
        command.environment["XI_DELIVERY_KIND"] = delivery.kind.rawValue
        command.environment["XI_ATTEMPT"] = String(attempt)
        let child: ChildProcess
        do {
            child = try command.start([])
        } catch {
            return .rejected(reason: error.message)
        }
        let timeout = policy.timeout
        let deadline = Date().addingTimeInterval(timeout)
        _ = child.write(Array((line.hasSuffix("\n") ? line : line + "\n").utf8), timeout: timeout)
        child.closeInput()
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        var timedOut = false
        reading: while true {
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 {
                timedOut = true
                break
            }
            switch buffer.withUnsafeMutableBytes({ child.read(into: $0, timeout: remaining) }) {
            case .bytes(let count): if output.count < 4_096 { output.append(contentsOf: buffer[0..<count]) }
            case .timedOut: continue
            case .end: break reading
            }
        }
        let exit = timedOut ? nil : child.waitForExit(timeout: max(0.1, deadline.timeIntervalSinceNow))
        guard let exit else {
            child.kill()
            return .retry(reason: "the command did not finish within \(PluginContext.format(timeout)) s (timeout) and was killed", after: nil)
        }
        let errors = child.lastErrorLines.suffix(3).joined(separator: " | ")
        let detail = errors.isEmpty ? "" : ": \(errors)"
        switch exit {
        case .status(0):
            let first = String(decoding: output, as: UTF8.self).split(separator: "\n").first.map { String($0.prefix(200)).trimmingCharacters(in: .whitespaces) }
            return .delivered(reference: first?.isEmpty == false ? first : nil)
        case .status(65):
            return .rejected(reason: "the command refused the delivery (exit status 65)\(detail)")
        default:
            return .retry(reason: "the command \(exit)\(detail)", after: nil)
        }
    }
}
