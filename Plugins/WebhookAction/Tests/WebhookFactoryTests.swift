import Foundation
import Testing
import XIPluginAPI
import XIWebhookAction

@Suite struct WebhookFactoryTests {
    func settings(_ options: [String: ConfigurationValue], environment: [String: String] = [:]) throws -> WebhookSettings {
        try WebhookAction.settings(PluginContext(name: "retention-team/0-webhook", options: options, configurationFolder: "/", stateFolder: "/", environment: environment))
    }

    func message(_ options: [String: ConfigurationValue], environment: [String: String] = [:]) -> String {
        do {
            _ = try settings(options, environment: environment)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test func readsTheDefaults() throws {
        let settings = try settings(["url": .string("https://crm.example/hooks/xi?token=abc")])
        #expect(settings.timeout == 10)
        #expect(settings.retries == 3)
        #expect(settings.backoff == 0.5)
        #expect(settings.maximumBackoff == 30)
        #expect(settings.signingKey == nil)
        #expect(settings.endpointDescription == "https://crm.example")
    }

    @Test func readsDurationsRetriesAndHeaders() throws {
        let settings = try settings([
            "url": .string("http://127.0.0.1:8080/x"), "timeout": .string("2m"), "backoff": .string("250ms"),
            "max_backoff": .integer(5), "retries": .integer(0), "headers": .mapping(["X-A": .string("1")]),
        ])
        #expect(settings.timeout == 120)
        #expect(settings.backoff == 0.25)
        #expect(settings.maximumBackoff == 5)
        #expect(settings.retries == 0)
        #expect(settings.headers.map(\.name) == ["X-A"])
    }

    @Test func rejectsOptionsThatCannotWork() {
        #expect(message([:]).contains("needs option 'url'"))
        #expect(message(["url": .string("not a url")]).contains("is not an http or https URL"))
        #expect(message(["url": .string("ftp://host/x")]).contains("is not an http or https URL"))
        #expect(message(["url": .string("https://h/x"), "secret": .string("${MISSING_SECRET}")]).contains("MISSING_SECRET, which is not set"))
        #expect(message(["url": .string("https://h/x"), "timeout": .string("soon")]).contains("option 'timeout'"))
        #expect(message(["url": .string("https://h/x"), "retries": .integer(-1)]).contains("option 'retries'"))
        #expect(message(["url": .string("https://h/x"), "headers": .mapping(["Bad Name": .string("x")])]).contains("not a valid header name"))
    }

    @Test func neverShowsTheSecret() {
        let environment = ["HOOK_SECRET": "whsec_!!!not-base64-s3cr3t", "HOOK_URL": "https://h/x?token=s3cr3t"]
        let badSecret = message(["url": .string("https://h/x"), "secret": .string("${HOOK_SECRET}")], environment: environment)
        #expect(badSecret.contains("option 'secret'"))
        #expect(!badSecret.contains("s3cr3t"))
        let badURL = message(["url": .string("${HOOK_URL}x"), "secret": .string("${HOOK_SECRET}")], environment: environment)
        #expect(!badURL.contains("s3cr3t"))
        let key = SigningKey(secret: "s3cr3t")
        #expect(key.map { "\($0)" }?.contains("s3cr3t") == false)
    }

    @Test func describesItsOptionsLikeTheRegistry() {
        let descriptor = WebhookAction.factory.descriptor
        #expect(descriptor.kind == "webhook")
        #expect(descriptor.category == .action)
        #expect(descriptor.option("url")?.required == true)
        #expect(descriptor.option("secret")?.secret == true)
        for name in ["headers", "timeout", "retries", "backoff", "max_backoff"] {
            #expect(descriptor.option(name) != nil, "option \(name)")
        }
    }
}
