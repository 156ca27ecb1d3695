import ArgumentParser

extension XI {
    /// Every `xi` subcommand, in the order `xi --help` lists them.
    static let subcommands: [any ParsableCommand.Type] = [
        ExpressionCommand.self,
        MatchCommand.self,
    ]
}
