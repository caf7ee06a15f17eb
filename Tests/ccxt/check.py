"""ccxt acceptance check against a running Bourse exchange (see scripts/ccxt-check.sh).

Binance dialect (ccxt.pro.binance, urls pointed at Bourse): load_markets, watch_order_book, fetch_balance,
create_order (limit), cancel_order. BitMEX dialect (ccxt.pro.bitmex): load_markets, watch_order_book.
Prints one line per check and exits 1 when any fails.
"""
import argparse
import asyncio
import sys
import traceback

import ccxt.pro as ccxtpro

results = []


async def check(name, body):
    try:
        # Patient: the exchange runs inside a test process that may be starved by the tests beside it.
        detail = await asyncio.wait_for(body(), timeout=60)
        results.append((name, True))
        print(f"PASS {name}: {detail}", flush=True)
    except Exception as error:  # noqa: BLE001 - every failure is reported
        results.append((name, False))
        print(f"FAIL {name}: {type(error).__name__}: {error}", flush=True)
        traceback.print_exc(file=sys.stdout)


def binance_client(host, port, key, secret):
    exchange = ccxtpro.binance({
        'apiKey': key,
        'secret': secret,
        'enableRateLimit': False,
        'options': {
            'defaultType': 'spot',
            'fetchMarkets': {'types': ['spot']},
            'fetchCurrencies': False,
            'fetchMargins': False,
        },
    })
    http = f'http://{host}:{port}/api/v3'
    # ccxt 4.5.83's spot REST calls use the 'public' and 'private' entries (both /api/v3); 'v1' is unused for
    # spot but pointed here too so nothing reaches the real venue. Streams use urls['api']['ws']['spot'].
    for entry in ('public', 'private', 'v1'):
        exchange.urls['api'][entry] = http
    exchange.urls['api']['ws']['spot'] = f'ws://{host}:{port}/ws'
    exchange.urls['api']['ws']['margin'] = f'ws://{host}:{port}/ws'
    return exchange


def bitmex_client(host, port, key, secret):
    exchange = ccxtpro.bitmex({'apiKey': key, 'secret': secret, 'enableRateLimit': False})
    base = f'http://{host}:{port}'
    exchange.urls['api'] = {'public': base, 'private': base, 'ws': f'ws://{host}:{port}/realtime'}
    return exchange


async def wait_for_book(exchange, symbol, predicate):
    for _ in range(50):
        book = await exchange.watch_order_book(symbol)
        if predicate(book):
            return book
    raise AssertionError(f'the {symbol} book never matched; last: bids {book["bids"][:3]} asks {book["asks"][:3]}')


async def run_binance(host, port, key, secret):
    exchange = binance_client(host, port, key, secret)
    state = {}
    try:
        async def load_markets():
            markets = await exchange.load_markets()
            market = markets['BTC/USDT']
            assert market['id'] == 'BTCUSDT' and market['spot'], market
            assert market['precision']['price'] == 0.01, market['precision']
            assert market['precision']['amount'] == 0.0001, market['precision']
            return f"{len(markets)} markets, BTC/USDT precision {market['precision']}"

        async def watch_order_book():
            book = await exchange.watch_order_book('BTC/USDT')
            assert book['nonce'] is not None, book
            return f"nonce {book['nonce']}, {len(book['bids'])} bids, {len(book['asks'])} asks"

        async def fetch_balance():
            balance = await exchange.fetch_balance()
            assert balance['USDT']['free'] > 0, balance['USDT']
            state['usdt'] = balance['USDT']
            return f"USDT {balance['USDT']}"

        async def create_order():
            order = await exchange.create_order('BTC/USDT', 'limit', 'buy', 0.01, 90.5)
            assert order['id'] and order['status'] == 'open', order
            assert order['price'] == 90.5 and order['amount'] == 0.01, order
            state['order'] = order['id']
            book = await wait_for_book(exchange, 'BTC/USDT', lambda b: any(level[0] == 90.5 for level in b['bids']))
            return f"order {order['id']} {order['status']}; the stream shows bid 90.5 (nonce {book['nonce']})"

        async def cancel_order():
            order = await exchange.cancel_order(state['order'], 'BTC/USDT')
            assert order['status'] == 'canceled', order
            await wait_for_book(exchange, 'BTC/USDT', lambda b: all(level[0] != 90.5 for level in b['bids']))
            return f"order {order['id']} {order['status']}; bid 90.5 gone from the stream"

        await check('binance load_markets', load_markets)
        await check('binance watch_order_book', watch_order_book)
        await check('binance fetch_balance', fetch_balance)
        await check('binance create_order', create_order)
        if 'order' in state:
            await check('binance cancel_order', cancel_order)
        else:
            results.append(('binance cancel_order', False))
            print('FAIL binance cancel_order: no order to cancel', flush=True)
    finally:
        await exchange.close()


async def run_bitmex(host, port, key, secret):
    exchange = bitmex_client(host, port, key, secret)
    try:
        async def load_markets():
            markets = await exchange.load_markets()
            market = markets['BTC/USDT']
            assert market['id'] == 'BTC-USDT' and market['spot'] and market['active'], market
            return f"{len(markets)} markets, BTC/USDT precision {market['precision']}"

        async def watch_order_book():
            book = await exchange.watch_order_book('BTC/USDT')
            assert book['symbol'] == 'BTC/USDT', book
            assert any(level[0] == 99.5 and level[1] == 0.25 for level in book['bids']), book['bids'][:5]
            return f"{len(book['bids'])} bids, {len(book['asks'])} asks, best bid {book['bids'][0]}"

        await check('bitmex load_markets', load_markets)
        await check('bitmex watch_order_book', watch_order_book)
    finally:
        await exchange.close()


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--host', default='127.0.0.1')
    parser.add_argument('--port', type=int, required=True)
    parser.add_argument('--key', required=True)
    parser.add_argument('--secret', required=True)
    args = parser.parse_args()
    print(f'ccxt {ccxtpro.__version__} against {args.host}:{args.port}', flush=True)
    await run_binance(args.host, args.port, args.key, args.secret)
    await run_bitmex(args.host, args.port, args.key, args.secret)
    failed = sum(1 for _, ok in results if not ok)
    print(f'ccxt check summary: {len(results) - failed} of {len(results)} checks passed', flush=True)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(asyncio.run(main()))
