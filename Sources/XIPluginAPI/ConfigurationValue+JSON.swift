extension ConfigurationValue {
    /// The value as JSON text (mapping keys sorted), with every `${NAME}` reference replaced by the
    /// environment variable's value: what an external plugin receives as its config.
    ///
    /// Throws ``PluginError`` naming the option path when a referenced variable is not set.
    public func jsonText(environment: [String: String], path: String = "config") throws(PluginError) -> String {
        var output = ""
        try appendJSON(to: &output, environment: environment, path: path)
        return output
    }

    private func appendJSON(to output: inout String, environment: [String: String], path: String) throws(PluginError) {
        if let variable = environmentReference {
            guard let value = environment[variable] else {
                throw PluginError("'\(path)' refers to the environment variable \(variable), which is not set; export it before running xi")
            }
            JSONText.appendQuoted(value, to: &output)
            return
        }
        switch self {
        case .string(let text): JSONText.appendQuoted(text, to: &output)
        case .integer(let number): output += String(number)
        case .number(let number): output += number.isFinite ? String(number) : "null"
        case .boolean(let flag): output += flag ? "true" : "false"
        case .null: output += "null"
        case .list(let values):
            output += "["
            for (index, value) in values.enumerated() {
                if index > 0 { output += "," }
                try value.appendJSON(to: &output, environment: environment, path: "\(path)[\(index)]")
            }
            output += "]"
        case .mapping(let members):
            output += "{"
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { output += "," }
                JSONText.appendQuoted(key, to: &output)
                output += ":"
                try members[key]!.appendJSON(to: &output, environment: environment, path: "\(path).\(key)")
            }
            output += "}"
        }
    }
}
