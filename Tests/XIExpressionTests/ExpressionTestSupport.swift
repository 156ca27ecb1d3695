import Testing
@testable import XIExpression

/// Compiles and evaluates `source` with the given variables (declared with their values' types unless `types` says otherwise).
func evaluate(_ source: String, _ bindings: [String: Value] = [:], types: [String: ValueType] = [:], checkTypes: Bool = true) throws -> Value {
    var declarations = Declarations()
    for name in Set(bindings.keys).union(types.keys).sorted() {
        declarations.declare(name, types[name] ?? bindings[name]!.type)
    }
    let program = try ExpressionCompiler(declarations: declarations, checkTypes: checkTypes).compile(source)
    return try program.evaluate(bindings: bindings)
}

/// The compile error for `source`, or nil when it compiles.
func compileError(_ source: String, _ declarations: Declarations = Declarations()) -> ExpressionError? {
    do {
        _ = try ExpressionCompiler(declarations: declarations).compile(source)
        return nil
    } catch {
        return error
    }
}

/// The evaluation error for `source`, or nil when it evaluates.
func evaluationError(_ source: String, _ bindings: [String: Value] = [:]) throws -> EvaluationError? {
    do {
        _ = try evaluate(source, bindings)
        return nil
    } catch let error as EvaluationError {
        return error
    }
}

extension Value {
    /// Whether the value is exactly `other` (same CEL type and value).
    func isIdentical(to other: Value) -> Bool { ConformanceTests.identical(self, other) }
}
