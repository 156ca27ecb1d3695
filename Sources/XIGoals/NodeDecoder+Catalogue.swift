import XIPluginAPI
import Yams

extension NodeDecoder {
    /// Decodes the signal catalogue. Returns the valid signals and the names of all signals
    /// (including invalid ones, so goals naming them are not reported twice).
    func decodeCatalogue(_ root: Node, context: ValidationContext) -> (catalogue: SignalCatalogue, names: [String])? {
        guard let top = mapping(root, "the signal catalogue", keys: ConfigurationKeys.catalogue) else { return nil }
        var catalogue = SignalCatalogue(file: file)
        var names: [String] = []
        guard let signalsNode = top["signals"],
            let signals = mapping(signalsNode, "the catalogue's signals", keys: AcceptedKeys([], open: true))
        else { return (catalogue, names) }
        if signals.entries.isEmpty { error(signalsNode, "the catalogue defines no signals") }
        for (name, keyNode, value) in signals.entries {
            guard self.identifier(keyNode, "signal name", allowHyphen: false) != nil else { continue }
            names.append(name)
            if let signal = decodeSignal(name: name, keyNode: keyNode, value, context: context) {
                catalogue.signals.append(signal)
            }
        }
        return (catalogue, names)
    }

    func decodeSignal(name: String, keyNode: Node, _ node: Node, context: ValidationContext) -> SignalDefinition? {
        guard let entry = mapping(node, "signal '\(name)'", keys: ConfigurationKeys.signal) else { return nil }
        let description = entry.value("description").flatMap { string($0, "description") }
        // `on`: one event kind or a list; each must be produced by a source.
        var eventKinds: [String] = []
        if let onNode = entry["on"], let kinds = stringList(onNode, "'on' event kinds", allowSingle: true) {
            for (kind, kindNode) in kinds {
                if let known = context.eventKinds, !known.contains(kind) {
                    error(
                        kindNode, "unknown event kind '\(kind)': no source in xi.yaml produces it",
                        hint: NameSuggestion.hint(for: kind, in: known) ?? "known kinds: \(known.joined(separator: ", "))")
                } else {
                    eventKinds.append(kind)
                }
            }
        }
        if let detectorNode = entry["detector"] {
            for key in ["when", "strength"] where entry[key] != nil {
                error(entry.entries.first { $0.key == key }!.keyNode,
                      "a detector signal takes no '\(key)'; the detector plugin decides when it is raised",
                      hint: "remove '\(key)', or remove 'detector' to make this a condition signal")
            }
            guard let descriptor = plugin(detectorNode, .detector, registry: context.registry) else { return nil }
            var options: [String: ConfigurationValue] = [:]
            if let optionsNode = entry.value("options") {
                if let optionEntries = mapping(optionsNode, "detector options", keys: AcceptedKeys([], open: true)) {
                    options = pluginOptions(optionEntries.entries, descriptor: descriptor, at: optionsNode, what: "signal '\(name)'")
                }
            } else {
                _ = pluginOptions([], descriptor: descriptor, at: node, what: "signal '\(name)'")
            }
            return SignalDefinition(
                id: name, description: description,
                detection: .detector(kind: descriptor.kind, eventKinds: eventKinds, options: options),
                position: position(of: keyNode))
        }
        if let optionsKey = entry.entries.first(where: { $0.key == "options" }) {
            error(optionsKey.keyNode, "'options' configures a detector; a condition signal takes none", hint: "add 'detector:' or remove 'options'")
        }
        guard entry["on"] != nil else {
            error(node, "signal '\(name)' needs 'on' (the kind of event its condition reads) and 'when', or a 'detector'")
            return nil
        }
        guard let whenNode = entry["when"] else {
            error(node, "missing required key 'when' in signal '\(name)'", hint: "the condition on the event, e.g. \"nps <= 6\"")
            return nil
        }
        guard eventKinds.count == 1 else {
            if eventKinds.count > 1 { error(entry["on"]!, "a condition signal reads one event kind; define one signal per kind") }
            return nil
        }
        let kind = eventKinds[0]
        let compiler = context.eventCompilers[kind] ?? context.undeclaredEventCompiler
        let when = compiler.compile(whenNode, "'when' of signal '\(name)'", expecting: .boolean, in: self)
        var strength: Condition?
        if let strengthNode = entry.value("strength") {
            strength = compiler.compile(strengthNode, "'strength' of signal '\(name)'", expecting: .number, in: self)
            if strength == nil { return nil }
        }
        guard let when else { return nil }
        return SignalDefinition(
            id: name, description: description, detection: .condition(eventKind: kind, when: when, strength: strength),
            position: position(of: keyNode))
    }
}
