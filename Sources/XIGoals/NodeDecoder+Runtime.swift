import XIPluginAPI
import XIExpression
import Yams

extension NodeDecoder {
    /// Decodes `xi.yaml`.
    func decodeRuntime(_ root: Node, registry: PluginRegistry) -> RuntimeConfiguration? {
        guard let top = mapping(root, "the runtime configuration", keys: ConfigurationKeys.runtime) else { return nil }
        var runtime = RuntimeConfiguration()
        if let node = top.value("goals"), let value = nonEmptyString(node, "'goals' folder") { runtime.goalsFolder = value }
        if let node = top.value("audiences"), let value = nonEmptyString(node, "'audiences' folder") { runtime.audiencesFolder = value }
        if let node = top.value("signals"), let value = nonEmptyString(node, "'signals' file") { runtime.signalsFile = value }
        if let node = top["sources"], let elements = list(node, "sources") {
            if elements.isEmpty { error(node, "no sources: add at least one listening post") }
            var names: [String: SourcePosition] = [:]
            // Field types per event kind, to report clashes between sources of one kind.
            var declared: [String: [String: (ValueTypeName, String)]] = [:]
            for element in elements {
                guard let source = decodeSource(element, registry: registry) else { continue }
                if let first = names[source.name] {
                    error(at: source.position, "duplicate source name '\(source.name)', already used at \(first)")
                    continue
                }
                names[source.name] = source.position
                for field in source.fields {
                    if let (type, otherSource) = declared[source.event]?[field.name], type != field.type {
                        error(
                            at: field.position,
                            "field '\(field.name)' of '\(source.event)' events is \(type) in source '\(otherSource)' but \(field.type) here",
                            hint: "declare it with one type in every source of '\(source.event)' events")
                    } else {
                        declared[source.event, default: [:]][field.name] = (field.type, source.name)
                    }
                }
                runtime.sources.append(source)
            }
        }
        if let node = top.value("store") { runtime.store = decodeStore(node) ?? runtime.store }
        if let node = top.value("server") { runtime.server = decodeServer(node) ?? runtime.server }
        return runtime
    }

    func decodeSource(_ node: Node, registry: PluginRegistry) -> SourceConfiguration? {
        guard let entry = mapping(node, "a source", keys: ConfigurationKeys.source) else { return nil }
        let name = entry["name"].flatMap { self.identifier($0, "source name") }
        let descriptor = entry["kind"].flatMap { plugin($0, .source, registry: registry) }
        let event = entry["event"].flatMap { self.identifier($0, "event kind", allowHyphen: false) }
        let path = entry.value("path").flatMap { nonEmptyString($0, "source path") }
        if let descriptor, descriptor.readsFiles, entry["path"] == nil {
            error(node, "missing required key 'path' for a '\(descriptor.kind)' source", hint: "the file or folder it reads")
        }
        var subjectFields: [SubjectKind: String] = [:]
        if let subject = entry["subject"] {
            if case .mapping = subject {
                let kinds = AcceptedKeys(SubjectKind.allCases.map(\.rawValue))
                if let subjects = mapping(subject, "subject fields", keys: kinds) {
                    for (key, _, value) in subjects.entries {
                        if let kind = SubjectKind(rawValue: key), let field = nonEmptyString(value, "subject field") {
                            subjectFields[kind] = field
                        }
                    }
                    if subjects.entries.isEmpty { error(subject, "subject needs at least one subject kind and its field") }
                }
            } else if let field = nonEmptyString(subject, "subject field") {
                subjectFields[.customer] = field
            }
        }
        let time = entry.value("time").flatMap { nonEmptyString($0, "time field") }
        let text = entry.value("text").flatMap { nonEmptyString($0, "text field") }
        let id = entry.value("id").flatMap { nonEmptyString($0, "id field") }
        var fields: [FieldDeclaration] = []
        if let node = entry.value("fields"), let declarations = mapping(node, "declared fields", keys: AcceptedKeys([], open: true)) {
            let reserved = ExpressionScopes.eventVariables.map(\.0) + ["profile"]
            for (fieldName, keyNode, value) in declarations.entries {
                guard NameRules.isValidFieldName(fieldName) else {
                    error(keyNode, "invalid field name '\(fieldName)': use letters, digits and '_', starting with a letter")
                    continue
                }
                if reserved.contains(fieldName) {
                    error(keyNode, "field name '\(fieldName)' is reserved: every event has it", hint: "map the column under another name")
                    continue
                }
                if fieldName == "type" {
                    error(keyNode, "field name 'type' is a CEL builtin and cannot be used in conditions", hint: "name it 'kind' or '\(fieldName)_name'")
                    continue
                }
                guard let typeText = string(value, "type of field '\(fieldName)'") else { continue }
                guard let type = ValueTypeName(typeText) else {
                    error(
                        value, "unknown type '\(typeText)' for field '\(fieldName)'",
                        hint: NameSuggestion.hint(for: typeText, in: ValueTypeName.scalarNames)
                            ?? "use \(ValueTypeName.scalarNames.joined(separator: ", ")), list(T) or map(K, V)")
                    continue
                }
                fields.append(FieldDeclaration(name: fieldName, type: type, position: position(of: keyNode)))
            }
        }
        var options: [String: ConfigurationValue] = [:]
        if let optionsNode = entry.value("options"), let descriptor,
            let optionEntries = mapping(optionsNode, "source options", keys: AcceptedKeys([], open: true)) {
            options = pluginOptions(optionEntries.entries, descriptor: descriptor, at: optionsNode, what: "source '\(name ?? "")'")
        }
        // A source with other errors still declares its event kind and fields, so that signals
        // reading them are checked rather than reported as unknown.
        guard let name, let event, let kind = descriptor?.kind ?? entry["kind"]?.scalar?.string else { return nil }
        return SourceConfiguration(
            name: name, kind: kind, path: path, event: event, subjectFields: subjectFields,
            timeField: time, textField: text, idField: id, fields: fields, options: options, position: position(of: node))
    }

    func decodeStore(_ node: Node) -> StoreConfiguration? {
        guard let entry = mapping(node, "the store", keys: ConfigurationKeys.store) else { return nil }
        var store = StoreConfiguration()
        if let node = entry.value("kind"), let kind = choice(node, "store kind", as: StoreConfiguration.Kind.self) { store.kind = kind }
        if let node = entry.value("path"), let path = nonEmptyString(node, "store path") { store.path = path }
        if let node = entry.value("url"), let url = string(node, "store url") {
            if EnvironmentReference.name(in: url) == nil {
                error(node, "the store url holds a password and must not be written in the file", hint: "write ${XI_DATABASE_URL} and set the variable")
            } else {
                store.url = url
            }
        }
        if store.kind == .postgres, entry["url"] == nil {
            error(node, "missing required key 'url' for a postgres store", hint: "url: ${XI_DATABASE_URL}")
        }
        return store
    }

    func decodeServer(_ node: Node) -> ServerConfiguration? {
        guard let entry = mapping(node, "the server", keys: ConfigurationKeys.server) else { return nil }
        var server = ServerConfiguration()
        if let node = entry.value("enabled"), let value = boolean(node, "server 'enabled'") { server.enabled = value }
        if let node = entry.value("host"), let value = nonEmptyString(node, "server host") { server.host = value }
        if let node = entry.value("port"), let value = integer(node, "server port") {
            if (1...65_535).contains(value) { server.port = value } else { error(node, "server port must be between 1 and 65535, found \(value)") }
        }
        return server
    }
}
