import ArgumentParser

extension XI {
    /// Every `xi` subcommand, in the order `xi --help` lists them.
    static let subcommands: [any ParsableCommand.Type] = [
        ValidateCommand.self,
        RunCommand.self,
        ExplainCommand.self,
        AcknowledgeCommand.self,
        ResolveCommand.self,
        RouteCommand.self,
        AuditCommand.self,
        KPIsCommand.self,
        ReportCommand.self,
        CalibrateCommand.self,
        PluginCommand.self,
        AnalyzeCommand.self,
        TrainCommand.self,
        ExpressionCommand.self,
        MatchCommand.self,
    ]
}
