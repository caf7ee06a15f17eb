import Hummingbird
import HummingbirdWebSocket

/// The request context of every route (plain HTTP and the WebSocket upgrade share one router).
typealias ServerContext = BasicWebSocketRequestContext
