import XIExpression
import XIPluginAPI

/// The surveys source of the example, as xi.yaml maps it.
func surveySettings(timeFormat: String? = nil) -> SourceSettings {
    SourceSettings(
        name: "surveys", eventKind: "survey",
        subjectFields: [("customer", "customer_id"), ("agent", "agent_id")],
        timeField: "submitted_at", timeFormat: timeFormat, textField: "comment", idField: "response_id",
        schema: EventSchema(source: "surveys", kind: "survey", fields: [
            ("survey", .string), ("nps", .int), ("csat", .int), ("ces", .int), ("channel", .string), ("product", .string),
        ]))
}
