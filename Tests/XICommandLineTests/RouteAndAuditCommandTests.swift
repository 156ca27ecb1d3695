import Foundation
import Testing

/// `xi route test` and `xi audit` on the bundled example.
@Suite("xi route test and xi audit")
struct RouteAndAuditCommandTests {
    @Test("route test lists the subscriptions an insight reaches, with the reason")
    func routeTest() throws {
        let workspace = try ExampleWorkspace()
        let platinum = try CommandRunner.run(["route", "test", "--path", workspace.folder.path, "--goal", "retention", "--priority", "critical", "--score", "14", "--profile", "tier=platinum"])
        #expect(platinum.status == 0, "\(platinum.standardError)")
        #expect(platinum.standardOutput.hasPrefix("3 subscriptions receive this insight:"))
        #expect(platinum.standardOutput.contains("✓ retention-leads #1"))
        let medium = try CommandRunner.run(["route", "test", "--path", workspace.folder.path, "--goal", "retention", "--priority", "medium", "--all"])
        #expect(medium.standardOutput.contains("✓ retention-team #2"))
        #expect(medium.standardOutput.contains("✗ retention-team #1"))
        #expect(medium.standardOutput.contains("is false"))
        let unknown = try CommandRunner.run(["route", "test", "--path", workspace.folder.path, "--goal", "retentoin"])
        #expect(unknown.status != 0)
        #expect(unknown.standardError.contains("retention"))
    }

    @Test("audit finds sources feeding no goal, signals nobody produces, empty audiences and dead subscriptions")
    func audit() throws {
        let workspace = try ExampleWorkspace()
        try """
        audience: never
        name: Never
        subscriptions:
          - goal: retention
            when: "priority == 'urgent'"
            cadence: immediate
            action: { kind: file }
        """.write(to: workspace.folder.appendingPathComponent("Audiences/never.yaml"), atomically: true, encoding: .utf8)
        try """
        # yaml-language-server: $schema=../schema/audience.schema.json
        audience: nobody
        name: Nobody
        subscriptions: []
        """.write(to: workspace.folder.appendingPathComponent("Audiences/nobody.yaml"), atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["audit", workspace.folder.path])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(!result.standardOutput.contains("detector 'sentiment'"))
        #expect(result.standardOutput.contains("audience 'nobody' has no subscriptions"))
        #expect(result.standardOutput.contains("audience 'never', subscription 1: `priority == 'urgent'`"))
        #expect(result.standardOutput.contains("can never match"))
        #expect(result.standardOutput.contains("finding"))
    }
}
