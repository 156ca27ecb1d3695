import Foundation

/// How an action (or a supervised program) waits and tries again: a timeout for one try, how many
/// tries after the first, and a backoff that doubles with each retry, with jitter, up to a cap.
///
/// Read from a plugin's options once, when the plugin is made:
///
/// ```swift
/// let policy = try RetryPolicy(context, timeout: 30, retries: 3, backoffOption: "retry_backoff")
/// for retry in 0...policy.retries { … try; if it failed: try await Task.sleep(for: .seconds(policy.wait(beforeRetry: retry + 1))) }
/// ```
public struct RetryPolicy: Sendable, Equatable {
    /// The longest one try may take, in seconds (option `timeout`, a duration).
    public var timeout: Double
    /// Tries after the first (option `retries`, 0 to 100).
    public var retries: Int
    /// The wait before the first retry, in seconds; doubled for each next one (a duration option).
    public var backoff: Double
    /// The longest wait, in seconds.
    public var maximumWait: Double

    /// A policy with these values.
    public init(timeout: Double, retries: Int, backoff: Double, maximumWait: Double = 60) {
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.maximumWait = maximumWait
    }

    /// Reads `timeout`, `retries` and `backoffOption` from the context, with these defaults.
    /// Throws ``PluginError`` for a value that is not a duration or is out of range.
    public init(_ context: PluginContext, timeout: Double, retries: Int, backoffOption: String = "retry_backoff", backoff: Double = 1) throws(PluginError) {
        do {
            self.init(
                timeout: try context.seconds("timeout", default: timeout),
                retries: Int(try context.number("retries", default: Double(retries), in: 0...100)),
                backoff: try context.seconds(backoffOption, default: backoff, allowsZero: true))
        } catch let error as PluginError {
            throw error
        } catch {
            throw PluginError("\(error)")
        }
    }

    /// The wait before retry number `retry` (1 for the first): `backoff × 2^(retry−1)`, times a
    /// random factor from 0.5 to 1 so many clients do not retry in step, at most ``maximumWait``.
    public func wait(beforeRetry retry: Int) -> Double {
        min(maximumWait, backoff * pow(2, Double(max(0, retry - 1))) * Double.random(in: 0.5...1.0))
    }

    /// "(3 tries)" after a reason, when there were retries.
    public var triesNote: String {
        retries > 0 ? " (\(retries + 1) tries)" : ""
    }
}
