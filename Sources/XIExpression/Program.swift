/// A compiled expression: evaluate it many times, from many threads.
///
/// A program is one reference to shared, immutable storage, so copying it (as arrays of
/// programs and `try?` do) costs one reference count, not one per field.
public struct Program: Sendable {
    private let storage: Storage

    /// The immutable parts of a program.
    private final class Storage: Sendable {
        let source: String
        let resultType: ValueType
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
    }

    init(source: String, resultType: ValueType, root: EvaluationNode, localCount: Int, declarations: Declarations) {
        storage = Storage(source: source, resultType: resultType, root: root, localCount: localCount, declarations: declarations)
    }

    /// The expression's source text.
    public var source: String { storage.source }
    /// The checked result type (`dyn` when compiled without type checking).
    public var resultType: ValueType { storage.resultType }
    var root: EvaluationNode { storage.root }
    var localCount: Int { storage.localCount }
    var declarations: Declarations { storage.declarations }

    /// Evaluates the program. `variables` is indexed by the Declarations slot; nil means the variable
    /// is absent in this record (reading it is an evaluation error "no such attribute 'x'").
    public func evaluate(_ variables: [Value?]) throws(EvaluationError) -> Value {
        let storage = self.storage
        return try variables.withUnsafeBufferPointer { (variables) throws(EvaluationError) -> Value in
            var frame = Frame(variables: variables, locals: storage.localCount == 0 ? [] : Array(repeating: .null, count: storage.localCount))
            return try storage.root.evaluate(&frame)
        }
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
