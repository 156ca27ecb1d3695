import XIExpression

/// Conditions compiled once, in order, ready for a ``RuleIndex`` or a ``NaiveMatcher``.
///
/// A condition matches a record when it evaluates to `true`; `false`, any other value, and any
/// evaluation error (a missing attribute, an overflow, a type mismatch on `dyn` data) mean no match.
public struct ConditionSet: Sendable {
    /// The variables conditions read, with their slots: a record is an array indexed by these slots.
    public let declarations: Declarations
    /// The compiled conditions, in the order given.
    public let conditions: [CompiledCondition]
    /// Whether conditions were type-checked when compiled; parts of them compiled later are too.
    public let checkTypes: Bool

    /// Compiles `sources` against `declarations`, collecting every failure instead of stopping at the first.
    ///
    /// - Returns: the compiled set (failed conditions left out) and the failures, by position in `sources`.
    public static func compile(
        _ sources: [String], declarations: Declarations, checkTypes: Bool = true
    ) -> (set: ConditionSet, failures: [ConditionFailure]) {
        let compiler = ExpressionCompiler(declarations: declarations, checkTypes: checkTypes)
        var compiled: [CompiledCondition] = []
        var failures: [ConditionFailure] = []
        compiled.reserveCapacity(sources.count)
        for (position, source) in sources.enumerated() {
            do {
                let expression = try compiler.parse(source)
                let program = try compiler.compile(expression, source: source)
                switch program.resultType {
                case .bool, .dyn: break
                default:
                    failures.append(ConditionFailure(position: position, error: ExpressionError(
                        message: "a condition must be a bool expression, but this one is \(program.resultType)",
                        location: expression.location, source: source)))
                    continue
                }
                compiled.append(CompiledCondition(position: position, source: source, expression: expression, program: program))
            } catch {
                failures.append(ConditionFailure(position: position, error: error))
            }
        }
        return (ConditionSet(declarations: declarations, conditions: compiled, checkTypes: checkTypes), failures)
    }

    /// Compiles `sources`, declaring every variable they read as `dyn`: for rules over records
    /// whose fields are not declared in advance (as in `xi match`).
    public static func compileDeclaringVariables(_ sources: [String]) -> (set: ConditionSet, failures: [ConditionFailure]) {
        var declarations = Declarations()
        let parser = ExpressionCompiler(declarations: Declarations(), checkTypes: false)
        for source in sources {
            guard let expression = try? parser.parse(source) else { continue }
            for name in expression.freeVariables() { declarations.declare(name, .dyn) }
        }
        return compile(sources, declarations: declarations)
    }

    /// Creates a set from already compiled conditions.
    public init(declarations: Declarations, conditions: [CompiledCondition], checkTypes: Bool = true) {
        self.declarations = declarations
        self.conditions = conditions
        self.checkTypes = checkTypes
    }

    /// The number of conditions.
    public var count: Int { conditions.count }
}

/// One compiled condition.
public struct CompiledCondition: Sendable {
    /// Its position among the sources given to ``ConditionSet/compile(_:declarations:checkTypes:)``.
    public let position: Int
    /// Its source text.
    public let source: String
    /// Its syntax tree.
    public let expression: Expression
    /// Its compiled program.
    public let program: Program

    /// Creates a compiled condition.
    public init(position: Int, source: String, expression: Expression, program: Program) {
        self.position = position
        self.source = source
        self.expression = expression
        self.program = program
    }

    /// Whether the condition holds for `record`: it evaluates to `true`, without error.
    @inline(__always)
    public func holds(for record: [Value?]) -> Bool {
        if case .bool(true)? = try? program.evaluate(record) { return true }
        return false
    }
}

/// A condition that did not compile, with its position among the sources.
public struct ConditionFailure: Error, Sendable, CustomStringConvertible {
    /// Position among the sources.
    public let position: Int
    /// What is wrong, with line and column inside the condition.
    public let error: ExpressionError

    /// Creates a failure.
    public init(position: Int, error: ExpressionError) {
        self.position = position
        self.error = error
    }

    /// The error's description.
    public var description: String { error.description }
}
