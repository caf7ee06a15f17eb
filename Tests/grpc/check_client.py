"""A classic gRPC client (Python grpcio, stubs generated from Protos/orderbook.proto at run time) reads the
aggregator's BookSummary stream: proof that existing clients of the classic service work unchanged.

Usage: check_client.py --port GRPC_PORT --venues binance,coinbase,... [--summaries 5]
Exit status 0 when every check passes, 1 otherwise.
"""
import argparse
import os
import sys
import tempfile

from grpc_tools import protoc
import grpc


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--venues", required=True)
    parser.add_argument("--summaries", type=int, default=5)
    args = parser.parse_args()
    venues = set(args.venues.split(","))

    out = tempfile.mkdtemp(prefix="bourse-grpc-")
    # Only the classic part of the service matters to an old client, but the current file is what we have.
    if protoc.main(["protoc", "-IProtos", f"--python_out={out}", f"--grpc_python_out={out}", "Protos/orderbook.proto"]) != 0:
        print("FAIL: protoc could not generate the Python stubs")
        return 1
    sys.path.insert(0, out)
    import orderbook_pb2
    import orderbook_pb2_grpc

    failures = []
    with grpc.insecure_channel(f"127.0.0.1:{args.port}") as channel:
        stub = orderbook_pb2_grpc.OrderbookAggregatorStub(channel)
        seen = 0
        for summary in stub.BookSummary(orderbook_pb2.Empty(), timeout=30):
            if not summary.bids or not summary.asks:
                continue
            seen += 1
            bids = [(level.price, level.amount) for level in summary.bids]
            asks = [(level.price, level.amount) for level in summary.asks]
            if bids != sorted(bids, key=lambda b: (-b[0], -b[1])):
                failures.append(f"bids out of order: {bids}")
            if asks != sorted(asks, key=lambda a: (a[0], -a[1])):
                failures.append(f"asks out of order: {asks}")
            if abs(summary.spread - (summary.asks[0].price - summary.bids[0].price)) > 1e-9 * summary.asks[0].price:
                failures.append(f"spread {summary.spread} is not best ask - best bid")
            shown = {level.exchange for level in list(summary.bids) + list(summary.asks)}
            if not shown <= venues:
                failures.append(f"unknown exchanges {shown - venues}")
            if seen >= args.summaries:
                break
        print(f"classic client read {seen} summaries; last: spread {summary.spread}, "
              f"best bid {summary.bids[0].exchange} {summary.bids[0].price}, best ask {summary.asks[0].exchange} {summary.asks[0].price}")
        if seen < args.summaries:
            failures.append(f"only {seen} summaries with both sides")
    for failure in failures[:10]:
        print("FAIL:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
