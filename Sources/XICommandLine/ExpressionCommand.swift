import ArgumentParser
import Foundation
import XIExpression
import XIMatcher

/// `xi expr`: evaluates one CEL expression — a playground for goal authors.
struct ExpressionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "expr",
        abstract: "Evaluate one condition expression and print its value and type.",
        discussion: """
            Variables are given as NAME=JSON; each is declared with the type of its value \
            (5 is int, 5.0 double, "a" string, [..] a list, {..} a map), so the expression is \
            type-checked as it would be in a goal file.

            Examples:
              xi expr '1 + 2'                                  3 (int)
              xi expr 'nps <= 6 && segment in ["gold", "platinum"]' --var nps=4 --var segment='"gold"'
              xi expr 'duration("30d") > duration("720h")'     false (bool)
              xi expr '[1, 2u]' --format json                  {"list":[{"int":1},{"uint":2}]}
            """
    )

    /// The expression.
    @Argument(help: "The CEL expression to evaluate; '-' reads it from standard input (for long expressions).")
    var expression: String

    /// Variables.
    @Option(name: .customLong("var"), help: ArgumentHelp("A variable, as NAME=JSON. Repeatable.", valueName: "NAME=JSON"))
    var variables: [String] = []

    /// Output format.
    @Option(help: "Output format: text prints `value (type)`; json prints the typed encoding of the conformance suite.")
    var format: OutputFormat = .text

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    func run() throws {
        var declarations = Declarations()
        var values: [(Int, Value)] = []
        for assignment in variables {
            guard let equals = assignment.firstIndex(of: "=") else {
                throw ValidationError("--var '\(assignment)' must be NAME=JSON, for example --var nps=7 or --var tier='\"gold\"'")
            }
            let name = String(assignment[..<equals])
            let json = String(assignment[assignment.index(after: equals)...])
            guard !name.isEmpty else { throw ValidationError("--var '\(assignment)': the name before '=' is empty") }
            let value: Value
            do {
                value = try JSONRecordDecoder.decodeValue(Array(json.utf8))
            } catch {
                throw ValidationError("--var \(name): '\(json)' is not JSON (\(error)); quote strings as '\"text\"'")
            }
            values.append((declarations.declare(name, Self.declaredType(of: value)), value))
        }
        let compiler = ExpressionCompiler(declarations: declarations)
        let source = expression == "-"
            ? String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            : expression
        let program: Program
        do {
            program = try compiler.compile(source)
        } catch {
            StandardError.write("error: \(error.description)")
            throw ExitCode(1)
        }
        var record = [Value?](repeating: nil, count: declarations.count)
        for (slot, value) in values { record[slot] = value }
        do {
            let result = try program.evaluate(record)
            switch format {
            case .text:
                print("\(result.celLiteral) (\(result.type))")
            case .json:
                let data = try JSONSerialization.data(withJSONObject: result.typedJSON, options: [.fragmentsAllowed, .sortedKeys, .withoutEscapingSlashes])
                print(String(decoding: data, as: UTF8.self))
            }
        } catch let error as EvaluationError {
            StandardError.write("error: evaluation failed: \(error.message)")
            throw ExitCode(1)
        }
    }

    /// The static type a variable is declared with, from its JSON value: its runtime type,
    /// with JSON objects as maps from string keys.
    static func declaredType(of value: Value) -> ValueType {
        if case .map = value { return .map(.string, .dyn) }
        return value.type
    }
}
