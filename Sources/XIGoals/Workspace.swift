/// A loaded configuration tree: runtime configuration, signal catalogue, goals and audiences.
///
/// When loading found errors, the workspace holds what could be read; check
/// ``ConfigurationLoadResult/isValid`` before running anything from it.
public struct Workspace: Sendable {
    /// `xi.yaml`.
    public var runtime: RuntimeConfiguration
    /// The signal catalogue.
    public var catalogue: SignalCatalogue
    /// The goals, in file order.
    public var goals: [Goal]
    /// The audiences, in file order.
    public var audiences: [Audience]
    /// The variables each kind of condition may read.
    public var scopes: ExpressionScopes

    /// Creates a workspace.
    public init(
        runtime: RuntimeConfiguration, catalogue: SignalCatalogue, goals: [Goal], audiences: [Audience], scopes: ExpressionScopes
    ) {
        self.runtime = runtime
        self.catalogue = catalogue
        self.goals = goals
        self.audiences = audiences
        self.scopes = scopes
    }

    /// The goal with id `id`, or nil.
    public func goal(_ id: String) -> Goal? { goals.first { $0.id == id } }

    /// The audience with id `id`, or nil.
    public func audience(_ id: String) -> Audience? { audiences.first { $0.id == id } }

    /// The number of subscriptions across all audiences.
    public var subscriptionCount: Int { audiences.reduce(0) { $0 + $1.subscriptions.count } }
}

/// What loading a configuration tree produced: the workspace, every diagnostic, and the files read.
public struct ConfigurationLoadResult: Sendable {
    /// The loaded workspace (partial when there are errors).
    public var workspace: Workspace
    /// Every error and warning, in file order.
    public var diagnostics: [Diagnostic]
    /// The files read, as diagnostics name them.
    public var files: [String]

    /// Creates a result.
    public init(workspace: Workspace, diagnostics: [Diagnostic], files: [String]) {
        self.workspace = workspace
        self.diagnostics = diagnostics
        self.files = files
    }

    /// The errors.
    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    /// The warnings.
    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
    /// Whether there are no errors (warnings allowed).
    public var isValid: Bool { !diagnostics.contains { $0.severity == .error } }

    /// `4 goals, 12 signals, 5 audiences, 9 subscriptions`.
    public var summary: String {
        func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }
        return [
            count(workspace.goals.count, "goal"), count(workspace.catalogue.signals.count, "signal"),
            count(workspace.audiences.count, "audience"), count(workspace.subscriptionCount, "subscription"),
            count(workspace.runtime.sources.count, "source"),
        ].joined(separator: ", ")
    }
}

/// One configuration file's name and bytes, for loading without a file system.
public struct ConfigurationFile: Sendable {
    /// The name diagnostics print.
    public var path: String
    /// The file's bytes.
    public var contents: [UInt8]

    /// Creates a file from bytes.
    public init(path: String, contents: [UInt8]) {
        self.path = path
        self.contents = contents
    }

    /// Creates a file from text.
    public init(path: String, text: String) {
        self.init(path: path, contents: Array(text.utf8))
    }
}
