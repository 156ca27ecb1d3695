import Testing
import XIBuiltInPlugins
import XIGoals

@Suite("The bundled example")
struct ExampleConfigurationTests {
    @Test("xi.yaml, Goals/ and Audiences/ load with no diagnostics")
    func examplesLoadCleanly() {
        let result = ConfigurationLoader(registry: BuiltInPlugins.registry).load(workspace: repositoryRoot)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.description).joined(separator: "\n"))")
        #expect(result.isValid)
        let workspace = result.workspace
        #expect(workspace.goals.count >= 8)
        #expect(workspace.audiences.count >= 5)
        #expect(workspace.runtime.sources.map(\.event).contains("profile"))
        // Every objective the design names is represented.
        let objectives = Set(workspace.goals.map(\.objective))
        for objective in [Objective.retention, .shareOfWallet, .costToServe, .consumerDuty] {
            #expect(objectives.contains(objective))
        }
        // Every goal is subscribed to by some audience.
        let subscribed = Set(workspace.audiences.flatMap { $0.subscriptions.flatMap(\.goals) })
        for goal in workspace.goals {
            #expect(subscribed.contains(goal.id), "no audience subscribes to \(goal.id)")
        }
        #expect(result.files.contains { $0.hasSuffix("Goals/signals.yaml") })
    }

    @Test("the fixture used by the other tests is valid")
    func fixtureIsValid() {
        let result = Fixture().load()
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.description))")
        let goal = result.workspace.goals.first
        #expect(goal?.id == "retention")
        #expect(goal?.threshold == 6)
        #expect(goal?.window.seconds == 30 * 86_400)
        #expect(goal?.signals.map(\.weight) == [3, 1])
        #expect(goal?.priorityRules.first?.priority == .critical)
        #expect(result.workspace.audiences.first?.subscriptions.first?.action.options["secret"]?.environmentReference == "HOOK_SECRET")
        #expect(result.summary == "1 goal, 2 signals, 1 audience, 1 subscription, 2 sources")
    }
}
