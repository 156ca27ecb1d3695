/// The business objective a goal serves.
public enum Objective: String, Sendable, Hashable, CaseIterable {
    /// Keep customers who show signs of leaving.
    case retention
    /// Grow the share of a customer's spending that comes to the company.
    case shareOfWallet = "share_of_wallet"
    /// Win new customers.
    case acquisition
    /// Lower the cost of serving customers (avoidable contacts, effort).
    case costToServe = "cost_to_serve"
    /// Regulatory outcomes such as the UK FCA Consumer Duty.
    case consumerDuty = "consumer_duty"
    /// Anything else; say what in the goal's `description`.
    case custom
}
