import BourseCore
import MatchingEngine

// Short spellings of the expected events (account 1 unless told).

func accepted(_ id: UInt64, account: UInt32 = 1, _ side: Side, price: Int64, quantity: Int64) -> EngineEvent {
    .accepted(OrderID(id), account: AccountID(account), side: side, price: Price(price), quantity: Quantity(quantity))
}

func rejected(_ id: UInt64, _ reason: RejectReason) -> EngineEvent {
    .rejected(OrderID(id), reason)
}

func trade(
    maker: UInt64, taker: UInt64, price: Int64, quantity: Int64, _ aggressor: Side, makerAccount: UInt32 = 1,
    takerAccount: UInt32 = 1
) -> EngineEvent {
    .trade(
        Trade(
            makerID: OrderID(maker), takerID: OrderID(taker), makerAccount: AccountID(makerAccount),
            takerAccount: AccountID(takerAccount), price: Price(price), quantity: Quantity(quantity),
            aggressor: aggressor))
}

func partiallyFilled(_ id: UInt64, remaining: Int64) -> EngineEvent {
    .partiallyFilled(OrderID(id), remaining: Quantity(remaining))
}

func filled(_ id: UInt64) -> EngineEvent {
    .filled(OrderID(id))
}

func cancelled(_ id: UInt64, _ reason: CancelReason, remaining: Int64) -> EngineEvent {
    .cancelled(OrderID(id), reason, remaining: Quantity(remaining))
}

func expired(_ id: UInt64, remaining: Int64) -> EngineEvent {
    .expired(OrderID(id), remaining: Quantity(remaining))
}

func triggered(_ id: UInt64) -> EngineEvent {
    .triggered(OrderID(id))
}

func amended(_ id: UInt64, price: Int64, quantity: Int64, keptPriority: Bool) -> EngineEvent {
    .amended(OrderID(id), price: Price(price), quantity: Quantity(quantity), keptPriority: keptPriority)
}

func level(_ side: Side, _ price: Int64, _ quantity: Int64) -> EngineEvent {
    .level(side, price: Price(price), quantity: Quantity(quantity))
}
