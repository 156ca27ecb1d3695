/// The state one evaluation reads: the record's variables by slot and the comprehension variables.
struct Frame {
    /// The record's variables, indexed by declaration slot; nil when absent. Read where the
    /// caller's array keeps them, for the one evaluation the frame lives for: holding the array
    /// itself retained and released it at every evaluation (several per event read).
    let variables: UnsafeBufferPointer<Value?>
    /// Comprehension variables and accumulators, indexed by compile-time local slot.
    var locals: [Value]
}

/// A node of a compiled program: one virtual `evaluate` per node, no name lookups at run time.
///
/// Nodes are immutable after compilation, so programs can be shared across threads.
class EvaluationNode: @unchecked Sendable {
    /// Evaluates the node.
    func evaluate(_ frame: inout Frame) throws(EvaluationError) -> Value {
        fatalError("EvaluationNode.evaluate must be overridden")
    }

    /// The node's value when it is a constant, for folding at compile time.
    var constant: Value? { nil }
}

/// A constant.
final class ConstantNode: EvaluationNode, @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
    override func evaluate(_ frame: inout Frame) throws(EvaluationError) -> Value { value }
    override var constant: Value? { value }
}

/// Raises an error when evaluated (an unknown function or name in an unchecked program).
final class ErrorNode: EvaluationNode, @unchecked Sendable {
    let message: String
    init(_ message: String) { self.message = message }
    override func evaluate(_ frame: inout Frame) throws(EvaluationError) -> Value { throw EvaluationError(message) }
}

/// Reads a declared variable by slot.
final class VariableNode: EvaluationNode, @unchecked Sendable {
    let slot: Int
    let name: String
    init(slot: Int, name: String) {
        self.slot = slot
        self.name = name
    }
    override func evaluate(_ frame: inout Frame) throws(EvaluationError) -> Value {
        if slot < frame.variables.count, let value = frame.variables[slot] { return value }
        throw .missingAttribute(name)
    }
}

/// `has(a.b)` where `a.b` is a declared variable: whether the record has it.
final class VariablePresenceNode: EvaluationNode, @unchecked Sendable {
    let slot: Int
    init(slot: Int) { self.slot = slot }
    override func evaluate(_ frame: inout Frame) throws(EvaluationError) -> Value {
        .bool(slot < frame.variables.count && frame.variables[slot] != nil)
    }
}

/// Reads a comprehension variable.
final class LocalNode: EvaluationNode, @unchecked Sendable {
    let index: Int
    init(index: Int) { self.index = index }
    override func evaluate(_ frame: inout Frame) throws(EvaluationError) -> Value { frame.locals[index] }
}

/// `operand.field` on a map.
final class SelectNode: EvaluationNode, @unchecked Sendable {
    let operand: EvaluationNode
    let field: String
    init(operand: EvaluationNode, field: String) {
        self.operand = operand
        self.field = field
    }
    override func evaluate(_ frame: inout Frame) throws(EvaluationError) -> Value {
        guard let result = try selectableMap(operand, field, &frame)[string: field] else {
            throw EvaluationError("no such key: '\(field)'")
        }
        return result
    }
}

/// `has(operand.field)` on a map.
final class HasFieldNode: EvaluationNode, @unchecked Sendable {
    let operand: EvaluationNode
    let field: String
    init(operand: EvaluationNode, field: String) {
        self.operand = operand
        self.field = field
    }
    override func evaluate(_ frame: inout Frame) throws(EvaluationError) -> Value {
        .bool(try selectableMap(operand, field, &frame)[string: field] != nil)
    }
}

/// The map `operand` evaluates to, for `.field` and `has(.field)`; an error for any other value.
@inline(__always)
private func selectableMap(_ operand: EvaluationNode, _ field: String, _ frame: inout Frame) throws(EvaluationError) -> MapValue {
    let value = try operand.evaluate(&frame)
    guard case .map(let map) = value else {
        throw EvaluationError("type '\(value.type)' does not support field selection ('\(field)')")
    }
    return map
}

/// A list literal with at least one non-constant element.
final class ListNode: EvaluationNode, @unchecked Sendable {
    let elements: [EvaluationNode]
    init(elements: [EvaluationNode]) { self.elements = elements }
    override func evaluate(_ frame: inout Frame) throws(EvaluationError) -> Value {
        var values: [Value] = []
        values.reserveCapacity(elements.count)
        for element in elements { values.append(try element.evaluate(&frame)) }
        return .list(values)
    }
}

/// A map literal with at least one non-constant entry.
final class MapNode: EvaluationNode, @unchecked Sendable {
    let entries: [(key: EvaluationNode, value: EvaluationNode)]
    init(entries: [(key: EvaluationNode, value: EvaluationNode)]) { self.entries = entries }
    override func evaluate(_ frame: inout Frame) throws(EvaluationError) -> Value {
        var map = MapValue()
        for entry in entries {
            let key = try entry.key.evaluate(&frame)
            let value = try entry.value.evaluate(&frame)
            if map.contains(key) { throw EvaluationError("duplicate map key \(key.celLiteral)") }
            guard map.insert(key, value) else { throw EvaluationError("unsupported map key type '\(key.type)'") }
        }
        return .map(map)
    }
}

/// A call of a one-argument function.
final class UnaryFunctionNode: EvaluationNode, @unchecked Sendable {
    let argument: EvaluationNode
    let implementation: @Sendable (Value) throws(EvaluationError) -> Value
    init(argument: EvaluationNode, implementation: @escaping @Sendable (Value) throws(EvaluationError) -> Value) {
        self.argument = argument
        self.implementation = implementation
    }
    override func evaluate(_ frame: inout Frame) throws(EvaluationError) -> Value {
        try implementation(try argument.evaluate(&frame))
    }
}

/// A call of a two-argument function (or a receiver function with one argument).
final class BinaryFunctionNode: EvaluationNode, @unchecked Sendable {
    let first: EvaluationNode
    let second: EvaluationNode
    let implementation: @Sendable (Value, Value) throws(EvaluationError) -> Value
    init(first: EvaluationNode, second: EvaluationNode, implementation: @escaping @Sendable (Value, Value) throws(EvaluationError) -> Value) {
        self.first = first
        self.second = second
        self.implementation = implementation
    }
    override func evaluate(_ frame: inout Frame) throws(EvaluationError) -> Value {
        let a = try first.evaluate(&frame)
        let b = try second.evaluate(&frame)
        return try implementation(a, b)
    }
}
