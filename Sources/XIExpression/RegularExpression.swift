import Foundation

/// A compiled regular expression for `matches`, shareable across threads.
///
/// CEL specifies RE2 syntax; xi compiles patterns with ICU (NSRegularExpression), which accepts the
/// RE2 constructs goal conditions use (classes, alternation, repetition, anchors, `(?i)`).
/// `matches` is true when the pattern matches any part of the text (use `^…$` for a full match).
final class RegularExpression: @unchecked Sendable {
    private let expression: NSRegularExpression

    /// Compiles `pattern`; nil with the reason when it is not a valid pattern.
    init(pattern: String) throws(EvaluationError) {
        do {
            expression = try NSRegularExpression(pattern: pattern.isEmpty ? "(?:)" : pattern, options: [])
        } catch {
            throw EvaluationError("invalid regular expression '\(pattern)'")
        }
    }

    /// Whether the pattern matches part of `text`.
    func matches(_ text: String) -> Bool {
        let range = NSRange(location: 0, length: text.utf16.count)
        return expression.firstMatch(in: text, options: [], range: range) != nil
    }

    /// `text.matches(pattern)` for a pattern known only at run time.
    static func matches(_ target: Value, _ pattern: Value) throws(EvaluationError) -> Value {
        guard case .string(let text) = target, case .string(let source) = pattern else {
            throw EvaluationError.noOverload("matches", [target, pattern])
        }
        return .bool(try cached(source).matches(text))
    }

    private static let cacheLock = NSLock()
    nonisolated(unsafe) private static var cache: [String: RegularExpression] = [:]

    /// A compiled pattern from a small shared cache (patterns that come from data repeat).
    static func cached(_ pattern: String) throws(EvaluationError) -> RegularExpression {
        cacheLock.lock()
        if let expression = cache[pattern] {
            cacheLock.unlock()
            return expression
        }
        cacheLock.unlock()
        let expression = try RegularExpression(pattern: pattern)
        cacheLock.lock()
        if cache.count >= 256 { cache.removeAll(keepingCapacity: true) }
        cache[pattern] = expression
        cacheLock.unlock()
        return expression
    }
}

/// `text.matches('constant pattern')`, with the pattern compiled once at compile time.
final class MatchesConstantNode: EvaluationNode, @unchecked Sendable {
    let target: EvaluationNode
    let expression: RegularExpression
    init(target: EvaluationNode, expression: RegularExpression) {
        self.target = target
        self.expression = expression
    }
    override func evaluate(_ frame: inout Frame) throws(EvaluationError) -> Value {
        let value = try target.evaluate(&frame)
        guard case .string(let text) = value else { throw EvaluationError.noOverload("matches", [value]) }
        return .bool(expression.matches(text))
    }
}
