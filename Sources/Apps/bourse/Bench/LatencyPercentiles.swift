/// Percentiles of latencies in nanoseconds, as JSON in microseconds.
enum LatencyPercentiles {
    static func json(_ sorted: [Int64]) -> String {
        func percentile(_ q: Double) -> Double {
            sorted.isEmpty ? 0 : Double(sorted[min(sorted.count - 1, Int(q * Double(sorted.count - 1)))]) / 1000
        }
        return "{\"p50\":\(percentile(0.5)),\"p90\":\(percentile(0.9)),\"p99\":\(percentile(0.99)),"
            + "\"p999\":\(percentile(0.999)),\"max\":\(Double(sorted.last ?? 0) / 1000)}"
    }
}
