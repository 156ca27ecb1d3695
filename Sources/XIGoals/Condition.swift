import XIExpression

/// A CEL condition from a configuration file, parsed, type-checked and compiled at load time.
public struct Condition: Sendable {
    /// The expression's text, as written (without YAML quotes).
    public var source: String
    /// Where the expression's text starts in its file.
    public var position: SourcePosition
    /// The type the checker inferred for the whole expression (`bool`, or `dyn`).
    public var resultType: ValueType
    /// The parsed expression, for the matcher's rule index.
    public var expression: Expression
    /// The compiled program, ready to evaluate against the scope's declarations.
    public var program: Program

    /// Creates a condition.
    public init(source: String, position: SourcePosition, resultType: ValueType, expression: Expression, program: Program) {
        self.source = source
        self.position = position
        self.resultType = resultType
        self.expression = expression
        self.program = program
    }
}
