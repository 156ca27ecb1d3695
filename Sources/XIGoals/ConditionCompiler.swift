import XIExpression
import Yams

/// Compiles the CEL text of a YAML scalar in one scope, mapping expression errors to the file.
struct ConditionCompiler: Sendable {
    /// What the expression must evaluate to.
    enum Expectation {
        /// A condition: `bool` (or `dyn`).
        case boolean
        /// A strength: a number (or `dyn`).
        case number
    }

    /// The compiler for the scope.
    let compiler: ExpressionCompiler
    /// A name for the scope in messages ("a signal condition on survey events").
    let scopeName: String

    init(declarations: Declarations, scopeName: String) {
        self.compiler = ExpressionCompiler(declarations: declarations)
        self.scopeName = scopeName
    }

    /// Parses, checks and compiles `node`'s text; on failure records a located diagnostic.
    func compile(_ node: Node, _ what: String, expecting expectation: Expectation, in decoder: NodeDecoder) -> Condition? {
        guard let source = decoder.nonEmptyString(node, what), case .scalar(let scalar) = node else { return nil }
        let mapper = decoder.positionMapper
        func position(ofOffset offset: Int) -> SourcePosition {
            let (line, column) = mapper.position(of: offset, in: scalar)
            return SourcePosition(file: decoder.file, line: line, column: column)
        }
        do throws(ExpressionError) {
            let expression = try compiler.parse(source)
            let program = try compiler.compile(expression, source: source)
            let type = program.resultType
            let accepted: Bool
            switch (expectation, type) {
            case (_, .dyn), (.boolean, .bool), (.number, .double), (.number, .int), (.number, .uint): accepted = true
            default: accepted = false
            }
            guard accepted else {
                let wanted = expectation == .boolean ? "a bool" : "a number"
                decoder.error(
                    at: position(ofOffset: 0), "\(what) must be \(wanted), but this expression is of type \(type)",
                    hint: expectation == .boolean ? "compare it, e.g. 'x > 0'" : nil)
                return nil
            }
            return Condition(source: source, position: position(ofOffset: 0), resultType: type, expression: expression, program: program)
        } catch {
            let at = position(ofOffset: error.location?.offset ?? 0)
            var excerpt: String?
            if error.location != nil {
                let lines = error.description.split(separator: "\n", omittingEmptySubsequences: false)
                excerpt = lines.dropFirst().map { "    " + $0 }.joined(separator: "\n")
            }
            decoder.error(at: at, "in \(what): \(error.message)", excerpt: excerpt)
            return nil
        }
    }

    /// The type `source` checks to in this scope; nil when it does not parse or check (the
    /// compile that follows reports why).
    func resultType(of source: String) -> ValueType? {
        guard let expression = try? compiler.parse(source), let program = try? compiler.compile(expression, source: source) else { return nil }
        return program.resultType
    }
}
