import XIPluginAPI
import Yams

extension NodeDecoder {
    /// Option names that hold secrets when an unregistered option is named so.
    static let secretLikeNames = ["secret", "token", "password", "api_key", "apikey", "private_key", "credentials"]

    /// Checks a plugin's options against its descriptor: unknown options (with the nearest known
    /// one), missing required options, value types, and secrets written as literals.
    func pluginOptions(
        _ entries: [(key: String, keyNode: Node, value: Node)], descriptor: PluginDescriptor, at node: Node, what: String
    ) -> [String: ConfigurationValue] {
        var options: [String: ConfigurationValue] = [:]
        for (key, keyNode, value) in entries {
            guard let option = descriptor.option(key) else {
                if descriptor.acceptsOtherOptions {
                    let converted = configurationValue(value)
                    if Self.secretLikeNames.contains(where: { key.lowercased().contains($0) }), case .string = converted,
                        converted.environmentReference == nil {
                        error(value, "option '\(key)' looks like a secret; write it as an environment reference such as ${\(key.uppercased())}, never in the file")
                    }
                    options[key] = converted
                } else {
                    let names = descriptor.options.map(\.name)
                    error(
                        keyNode, "unknown option '\(key)' for \(descriptor.category.rawValue) '\(descriptor.kind)'",
                        hint: NameSuggestion.hint(for: key, in: names)
                            ?? (names.isEmpty ? "it takes no options" : "it accepts \(names.joined(separator: ", "))"))
                }
                continue
            }
            if let checked = optionValue(value, option: option, what: "option '\(key)' of \(what)") {
                options[key] = checked
            }
        }
        for option in descriptor.options where option.required && !entries.contains(where: { $0.key == option.name }) {
            error(node, "missing required option '\(option.name)' for \(descriptor.category.rawValue) '\(descriptor.kind)'",
                  hint: option.summary.isEmpty ? nil : option.summary)
        }
        return options
    }

    /// Checks one option's value against its declared kind.
    func optionValue(_ node: Node, option: PluginOption, what: String) -> ConfigurationValue? {
        let value = configurationValue(node)
        if option.secret {
            guard case .string(let text) = value, EnvironmentReference.name(in: text) != nil else {
                error(
                    node, "\(what) is a secret and must not be written in the file",
                    hint: "write an environment reference such as ${\(option.name.uppercased())} and set the variable where xi runs")
                return nil
            }
            return value
        }
        switch option.kind {
        case .string:
            return string(node, what).map(ConfigurationValue.string)
        case .integer:
            return integer(node, what).map(ConfigurationValue.integer)
        case .number:
            return number(node, what).map(ConfigurationValue.number)
        case .boolean:
            return boolean(node, what).map(ConfigurationValue.boolean)
        case .duration:
            return duration(node, what).map { ConfigurationValue.string($0.text) }
        case .stringList:
            return stringList(node, what, allowSingle: true).map { .list($0.map { .string($0.0) }) }
        case .mapping:
            guard case .mapping = node else {
                error(node, "expected \(what) as a mapping, found \(describe(node))")
                return nil
            }
            return value
        case .any:
            return value
        }
    }

    /// Converts a node to a ``ConfigurationValue`` without checking it.
    func configurationValue(_ node: Node) -> ConfigurationValue {
        ConfigurationValue(yaml: node)
    }

    /// Looks up a plugin kind, reporting an unknown one with the nearest registered kind.
    func plugin(_ node: Node, _ category: PluginCategory, registry: PluginRegistry) -> PluginDescriptor? {
        guard let kind = string(node, "\(category.rawValue) kind") else { return nil }
        if let descriptor = registry.descriptor(category, kind) { return descriptor }
        let kinds = registry.kinds(category)
        error(
            node, "unknown \(category.rawValue) kind '\(kind)'",
            hint: NameSuggestion.hint(for: kind, in: kinds) ?? "known kinds: \(kinds.joined(separator: ", "))")
        return nil
    }
}
