import Foundation
import XIPluginAPI

/// The files `xi plugin new` writes, by kind and language: the plugin, its test, `plugin.yaml`
/// (for `xi plugin test`), `sample.yaml` (its entry for xi's configuration) and a README.
enum PluginTemplates {
    /// The languages a plugin can be scaffolded in.
    enum Language: String, CaseIterable {
        case python
        case swift
    }

    /// The files, relative path → contents, with the placeholders filled in.
    static func files(kind: PluginCategory, language: Language, name: String, xiRoot: String) -> [(path: String, text: String)] {
        let typeName = name.split(whereSeparator: { $0 == "-" || $0 == "_" }).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        var files: [(String, String)] = []
        switch (kind, language) {
        case (.source, .python):
            files = [("main.py", pythonSource), ("test_main.py", pythonSourceTest), ("sample-data.jsonl", sampleData)]
        case (.action, .python):
            files = [("main.py", pythonAction), ("test_main.py", pythonActionTest)]
        case (.source, .swift):
            files = [
                ("Package.swift", swiftExternalPackage), ("Sources/{{Type}}/main.swift", swiftExternalMain),
                ("Sources/{{Type}}Plugin/Messages.swift", swiftMessages), ("Sources/{{Type}}Plugin/{{Type}}Plugin.swift", swiftSource),
                ("Tests/{{Type}}PluginTests/{{Type}}PluginTests.swift", swiftSourceTest), ("sample-data.jsonl", sampleData),
            ]
        case (.action, .swift):
            files = [
                ("Package.swift", swiftExternalPackage), ("Sources/{{Type}}/main.swift", swiftExternalMain),
                ("Sources/{{Type}}Plugin/Messages.swift", swiftMessages), ("Sources/{{Type}}Plugin/{{Type}}Plugin.swift", swiftAction),
                ("Tests/{{Type}}PluginTests/{{Type}}PluginTests.swift", swiftActionTest),
            ]
        case (.detector, _):
            files = [
                ("Package.swift", swiftDetectorPackage), ("Sources/{{Type}}Detector/{{Type}}Detector.swift", swiftDetector),
                ("Tests/{{Type}}DetectorTests/{{Type}}DetectorTests.swift", swiftDetectorTest),
            ]
        }
        files += [("plugin.yaml", manifest(kind: kind, language: language)), ("sample.yaml", sample(kind: kind, language: language)), ("README.md", readme(kind: kind, language: language))]
        files.append((".gitignore", ".build/\nPackage.resolved\n__pycache__/\n"))
        let signal = name.replacingOccurrences(of: "-", with: "_")
        let package = (xiRoot as NSString).lastPathComponent.lowercased()
        return files.map { path, text in
            func fill(_ text: String) -> String {
                text.replacingOccurrences(of: "{{name}}", with: name).replacingOccurrences(of: "{{Type}}", with: typeName)
                    .replacingOccurrences(of: "{{kind}}", with: kind.rawValue).replacingOccurrences(of: "{{signal}}", with: signal)
                    .replacingOccurrences(of: "{{xiRoot}}", with: xiRoot).replacingOccurrences(of: "{{xiPackage}}", with: package)
            }
            return (fill(path), fill(text))
        }
    }

    static let sampleData = """
        {"ticket_id":"T-1","customer_id":"C-101","opened_at":"2026-03-02T09:15:00Z","channel":"email","severity":2,"text":"The app logs me out every time."}
        {"ticket_id":"T-2","customer_id":"C-102","opened_at":"2026-03-02T10:40:00Z","channel":"chat","severity":3,"text":"I was charged twice for one transfer."}
        {"ticket_id":"T-3","customer_id":"C-101","opened_at":"2026-03-03T08:05:00Z","channel":"phone","severity":4,"text":"Still logged out, and nobody called back."}
        {"ticket_id":"T-4","customer_id":"C-103","opened_at":"2026-03-03T16:20:00Z","channel":"email","severity":1,"text":"How do I order a new card?"}
        {"ticket_id":"T-5","customer_id":"C-104","opened_at":"2026-03-04T11:00:00Z","channel":"chat","severity":3,"text":"I am thinking of moving my savings elsewhere."}

        """

    static func command(_ language: Language) -> String {
        language == .python ? "[python3, main.py]" : "[.build/debug/{{name}}]"
    }

    static func manifest(kind: PluginCategory, language: Language) -> String {
        var text = """
            # How `xi plugin test` runs this plugin (see docs/writing-a-plugin.md in xi).
            kind: \(kind.rawValue)

            """
        switch (kind, language) {
        case (.detector, _):
            return text + "test: swift test\n"
        case (_, .python):
            text += "command: \(command(language))\ntest: python3 -m unittest --quiet\n"
        case (_, .swift):
            text += "build: swift build\ncommand: \(command(language))\ntest: swift test\n"
        }
        if kind == .source {
            text += """
                config: { path: sample-data.jsonl, state_every: 2 }
                # How records become events, as in xi.yaml:
                event: ticket
                subject: { customer: customer_id }
                time: opened_at
                id: ticket_id
                text: text
                fields: { channel: string, severity: int }

                """
        } else {
            text += "config: { path: outbox.jsonl }\n"
        }
        return text
    }

    static func sample(kind: PluginCategory, language: Language) -> String {
        let command = language == .python ? "[python3, plugins/{{name}}/main.py]" : "[plugins/{{name}}/.build/debug/{{name}}]"
        switch kind {
        case .source:
            return """
                # An entry for xi.yaml's `sources:`, with this folder at plugins/{{name}} beside xi.yaml.
                - name: tickets
                  kind: process
                  event: ticket
                  subject: { customer: customer_id }
                  time: opened_at
                  id: ticket_id
                  text: text
                  fields: { channel: string, severity: int }
                  options:
                    command: \(command)
                    config: { path: plugins/{{name}}/sample-data.jsonl }
                    # timeout: 60s          # no line for this long: the plugin is killed and restarted
                    # restarts: 3           # then the source is given up for this run

                """
        case .action:
            return """
                # A subscription's action in an audience file (Audiences/*.yaml), with this folder at
                # plugins/{{name}} beside xi.yaml.
                subscriptions:
                  - goal: retention
                    action:
                      kind: process
                      command: \(command)
                      config: { path: outbox/{{name}}.jsonl }
                      # timeout: 30s        # the longest wait for a batch's answers
                      # retries: 3          # for NACKs marked retryable and unanswered deliveries

                """
        case .detector:
            return """
                # A signal in Goals/signals.yaml, once the detector is built into xi.
                signals:
                  {{signal}}:
                    description: A customer effort score of 6 or more.
                    detector: {{name}}
                    on: survey
                    options: { field: ces, threshold: 6 }

                """
        }
    }

    static func readme(kind: PluginCategory, language: Language) -> String {
        var text = "# {{name}} (an xi \(kind.rawValue) plugin, \(language.rawValue))\n\n"
        switch kind {
        case .source:
            text += """
                Reads `config.path`, a JSON-lines file, and writes each line as an `EVENT` message, with a
                `STATE` (the position after the record) every `state_every` records and at the end: a
                starting point. Replace the part that reads records with your listening post.

                """
        case .action:
            text += """
                Appends each delivery to `config.path`, a JSON-lines file, once per delivery id, and
                answers `ACK` with the file as its reference: a starting point. Replace the part that
                delivers with your system.

                """
        case .detector:
            text += """
                Raises its signal when an event's `field` reaches `threshold`: a starting point. Detectors
                run inside xi: move this folder under xi's `Plugins/`, add its target to xi's
                `Package.swift` and its factory to `BuiltInPlugins.factories`.

                """
        }
        text += """
            ## Check it

            ```sh
            xi plugin test .      # its own tests, then xi's: spec, check, and the test kit's conformance check
            ```

            The protocol is in xi's `docs/plugin-protocol.md`; writing plugins in `docs/writing-a-plugin.md`.
            `sample.yaml` is its entry for xi's configuration.

            ## Options

            """
        if kind == .detector {
            text += """
                | option | type | default | meaning |
                |---|---|---|---|
                | `field` | string, required | — | The numeric field to watch. |
                | `threshold` | number | `1` | The value at or above which the signal is raised. |

                """
        } else {
            text += OptionSchema.documentationMarker + "\n"
            text += kind == .source
                ? """
                | option | type | default | meaning |
                |---|---|---|---|
                | `path` | string, required | — | The JSON-lines file to read, relative to the folder of xi.yaml. |
                | `state_every` | integer | `100` | Records between two STATE messages. |

                """
                : """
                | option | type | default | meaning |
                |---|---|---|---|
                | `path` | string, required | — | The JSON-lines file deliveries are appended to, relative to the folder of xi.yaml. |

                """
            text += PluginDescriptor.documentationEndMarker + "\n\n"
            text += "The table comes from the plugin's spec: after changing the spec, run `xi plugin docs . --write`.\n"
        }
        return text
    }
}
