/// A compiled expression: evaluate it many times, from many threads.
public struct Program: Sendable {
    /// The expression's source text.
    public let source: String
    /// The checked result type (`dyn` when compiled without type checking).
    public let resultType: ValueType
    let root: EvaluationNode
    let localCount: Int
    let declarations: Declarations

    init(source: String, resultType: ValueType, root: EvaluationNode, localCount: Int, declarations: Declarations) {
        self.source = source
        self.resultType = resultType
        self.root = root
        self.localCount = localCount
        self.declarations = declarations
    }

    /// Evaluates the program. `variables` is indexed by the Declarations slot; nil means the variable
    /// is absent in this record (reading it is an evaluation error "no such attribute 'x'").
    public func evaluate(_ variables: [Value?]) throws(EvaluationError) -> Value {
        var frame = Frame(variables: variables, locals: localCount == 0 ? [] : Array(repeating: .null, count: localCount))
        return try root.evaluate(&frame)
    }

    /// Evaluates the program with variables given by name (slower: for tools and tests).
    /// Names that are not declared are ignored.
    public func evaluate(bindings: [String: Value]) throws(EvaluationError) -> Value {
        var variables = [Value?](repeating: nil, count: declarations.count)
        for (name, value) in bindings {
            if let slot = declarations.slot(of: name) { variables[slot] = value }
        }
        return try evaluate(variables)
    }

    /// The program's value when it does not depend on any variable (e.g. `1 + 2`), else nil.
    public var constantValue: Value? { root.constant }
}
