/// A quoting strategy: turns the consolidated market and our position into the quotes we want resting.
///
/// A strategy is a value with its own state (volatility window, the last book it returned); one owner calls
/// ``quote(_:)`` on every market update, in time order.
public protocol Strategy {
    /// Looks at the market and decides whether our quotes should change.
    ///
    /// - Parameter input: the consolidated book's top levels, our position and the time.
    /// - Returns: a new ``TraderBook`` when the quotes should change (the executor replaces the resting quotes
    ///   with it; an empty book means "withdraw everything"), or `nil` when the last book returned still
    ///   stands: no churn.
    mutating func quote(_ input: StrategyInput) -> TraderBook?
}
