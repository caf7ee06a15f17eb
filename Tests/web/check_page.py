"""Loads the aggregator's web page in headless Chromium (Selenium) and checks what it shows.

Usage: check_page.py --port HTTP_PORT --venues binance,coinbase,... [--screenshot PATH]
Exit status 0 when every check passes, 1 otherwise (each failure is printed).
"""
import argparse
import re
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--venues", required=True)
    parser.add_argument("--screenshot", default=".build/artifacts/aggregator-page.png")
    parser.add_argument("--trader-generation", type=int, default=None,
                        help="a trader book of this generation is published: check the page's trader-book table")
    parser.add_argument("--chromedriver", default="/usr/bin/chromedriver")
    args = parser.parse_args()
    venues = set(args.venues.split(","))

    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1200,900"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=args.chromedriver), options=options)
    failures = []
    try:
        driver.get(f"http://127.0.0.1:{args.port}/")
        deadline = time.time() + 30
        state = None
        while time.time() < deadline:
            state = driver.execute_script(
                "const b = window.bourse; if (!b || !b.last) return null;"
                "return {updates: b.updates, venues: b.last.venues.map(v => [v.exchange, v.state]),"
                " bids: b.last.bids.length, asks: b.last.asks.length};")
            if state and state["updates"] >= 5 and all(s == "live" for _, s in state["venues"]) \
                    and {v for v, _ in state["venues"]} == venues and state["bids"] and state["asks"]:
                break
            time.sleep(0.2)
        print("page state:", state)
        if not state or state["updates"] < 5:
            failures.append(f"fewer than 5 live updates reached the page: {state}")
        # One snapshot of the DOM (the page redraws its tables on every update).
        shown_state = driver.execute_script(
            "return {venues: Array.from(document.querySelectorAll('#venues tr.venue-row')).map(r => [r.dataset.venue, r.dataset.state]),"
            " spread: document.getElementById('spread').textContent,"
            " rows: document.querySelectorAll('#book tbody tr').length};")
        shown = dict(shown_state["venues"])
        print("venue rows:", shown)
        if set(shown) != venues:
            failures.append(f"venue table shows {sorted(shown)}, expected {sorted(venues)}")
        if any(s != "live" for s in shown.values()):
            failures.append(f"not every venue is live on the page: {shown}")
        spread = shown_state["spread"]
        print("spread:", spread)
        if spread in ("", "-"):
            failures.append("no spread shown")
        if shown_state["rows"] < 5:
            failures.append(f"the ladder has {shown_state['rows']} rows")
        if args.trader_generation is not None:
            trader = None
            deadline = time.time() + 10
            while time.time() < deadline:
                trader = driver.execute_script(
                    "return {meta: document.getElementById('traderMeta').textContent,"
                    " rows: document.querySelectorAll('#trader tbody tr').length};")
                if f"generation {args.trader_generation}" in trader["meta"] and trader["rows"] > 0:
                    break
                time.sleep(0.2)
            print("trader book:", trader)
            if not trader or f"generation {args.trader_generation}" not in trader["meta"] or trader["rows"] == 0:
                failures.append(f"the trader book is not shown: {trader}")
        # The aggregator's own latency, from /stats, for the followed symbol.
        pipeline = ""
        deadline = time.time() + 10
        while time.time() < deadline:
            pipeline = driver.execute_script("return document.getElementById('pipeline').textContent;")
            if re.search(r"p50 [0-9.]+ µs · p99 [0-9.]+ µs", pipeline):
                break
            time.sleep(0.2)
        print("pipeline:", pipeline)
        if not re.search(r"p50 [0-9.]+ µs · p99 [0-9.]+ µs", pipeline):
            failures.append(f"no pipeline latency shown: {pipeline!r}")
        # The depth chart drew something: some non-background pixels on the canvas.
        painted = driver.execute_script(
            "const c = document.getElementById('depth'); const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
            "let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n;")
        print("painted pixels:", painted)
        if painted < 1000:
            failures.append(f"the depth chart is (almost) empty: {painted} painted pixels")
        # No request left the page's own origin.
        external = driver.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith(location.origin) && !n.startsWith('ws'));")
        if external:
            failures.append(f"the page loaded external resources: {external}")
        import os
        os.makedirs(os.path.dirname(args.screenshot) or ".", exist_ok=True)
        driver.save_screenshot(args.screenshot)
        print("screenshot:", args.screenshot)
    finally:
        driver.quit()
    for failure in failures:
        print("FAIL:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
