import Foundation

/// What the runtime tells a plugin when it makes one: its options, where the configuration lives
/// (relative paths are relative to it), the store folder, and the environment for `${VAR}` secrets.
public struct PluginContext: Sendable {
    /// The plugin instance's name (a source's name, `audience/index-kind` for an action).
    public var name: String
    /// Its options as written in YAML.
    public var options: [String: ConfigurationValue]
    /// The folder of `xi.yaml`.
    public var configurationFolder: String
    /// The store's folder (`.xi/` by default), for plugins that keep files (the file inbox).
    public var stateFolder: String
    /// Environment variables, for `${NAME}` references.
    public var environment: [String: String]

    /// Creates a context.
    public init(name: String, options: [String: ConfigurationValue], configurationFolder: String, stateFolder: String, environment: [String: String]) {
        self.name = name
        self.options = options
        self.configurationFolder = configurationFolder
        self.stateFolder = stateFolder
        self.environment = environment
    }

    /// An option's string value, resolving a `${NAME}` reference from the environment.
    /// Throws ``PluginError`` when a referenced variable is not set.
    public func string(_ option: String) throws -> String? {
        guard let value = options[option] else { return nil }
        if let variable = value.environmentReference {
            guard let resolved = environment[variable] else {
                throw PluginError("option '\(option)' of '\(name)' refers to the environment variable \(variable), which is not set; export it before running xi")
            }
            return resolved
        }
        switch value {
        case .string(let text): return text
        case .integer(let number): return String(number)
        case .number(let number): return String(number)
        case .boolean(let flag): return String(flag)
        default: throw PluginError("option '\(option)' of '\(name)' must be text, not \(value)")
        }
    }

    /// A text given inline (`option`) or in a file (`option_file`, relative to the configuration
    /// folder), such as a message template; nil when neither is given. Throws ``PluginError``
    /// when the file cannot be read.
    public func inlineOrFile(_ option: String) throws -> String? {
        if let text = try string(option) { return text }
        guard let path = try path(option + "_file") else { return nil }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw PluginError("option '\(option)_file' of '\(name)': cannot read \(path) (is it there, and UTF-8?)")
        }
        return text
    }

    /// A path option resolved against the configuration folder.
    public func path(_ option: String) throws -> String? {
        guard let text = try string(option) else { return nil }
        return text.hasPrefix("/") ? text : configurationFolder + "/" + text
    }
}

/// A plugin that cannot be made or cannot work as configured: what and what to do.
public struct PluginError: Error, Sendable, CustomStringConvertible {
    /// The message.
    public var message: String
    /// Creates an error.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}
