import XIPluginAPI
import Yams

extension ConfigurationValue {
    /// A YAML node as a configuration value, by its resolved tag (null, bool, int, float, else
    /// string), without checking it against any option.
    public init(yaml node: Node) {
        switch node {
        case .scalar(let scalar):
            switch node.tagName {
            case .null: self = .null
            case .bool: self = node.bool.map(ConfigurationValue.boolean) ?? .string(scalar.string)
            case .int: self = node.int.map(ConfigurationValue.integer) ?? .string(scalar.string)
            case .float: self = node.float.map(ConfigurationValue.number) ?? .string(scalar.string)
            default: self = .string(scalar.string)
            }
        case .sequence(let sequence):
            self = .list(sequence.map(ConfigurationValue.init(yaml:)))
        case .mapping(let mapping):
            var values: [String: ConfigurationValue] = [:]
            for (key, value) in mapping { values[key.string ?? ""] = ConfigurationValue(yaml: value) }
            self = .mapping(values)
        case .alias:
            self = .null
        }
    }
}
