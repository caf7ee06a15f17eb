/// The aggregator's web page: everything inline (no CDN, no external file): a depth chart of the consolidated
/// book coloured by venue, the spread over time, the venue states and the top rows. It follows `/ws/<symbol>`.
enum WebPage {
    static let html = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Bourse consolidated book</title>
<style>
body { font-family: system-ui, sans-serif; margin: 16px; background: #0f1419; color: #d8dee4; }
h1 { font-size: 18px; margin: 0 0 8px; }
#meta { margin-bottom: 8px; }
canvas { background: #151b22; border: 1px solid #2b333d; display: block; margin-bottom: 12px; }
table { border-collapse: collapse; font-size: 13px; margin-right: 24px; }
td, th { padding: 2px 8px; text-align: right; }
th { color: #8b949e; font-weight: normal; }
.bid { color: #3fb950; } .ask { color: #f85149; }
.live { color: #3fb950; } .stale, .syncing, .connecting { color: #d29922; } .down { color: #f85149; }
#tables { display: flex; flex-wrap: wrap; }
#legend span { display: inline-block; margin-right: 12px; }
</style>
</head>
<body>
<h1>Consolidated book <select id="symbol"></select></h1>
<div id="meta">spread <b id="spread">-</b> · updates <b id="updates">0</b> · <span id="connection">connecting</span> · <span id="pipeline" title="measured by the aggregator on every frame since it started (GET /stats)">pipeline latency -</span></div>
<div id="legend"></div>
<canvas id="depth" width="900" height="300"></canvas>
<canvas id="spreadChart" width="900" height="120"></canvas>
<div id="tables">
  <table id="venues"><thead><tr><th>venue</th><th>state</th><th>msgs</th><th>gaps</th><th>resyncs</th><th>latency ms</th></tr></thead><tbody></tbody></table>
  <table id="book"><thead><tr><th>venue</th><th>bid size</th><th>bid</th><th>ask</th><th>ask size</th><th>venue</th></tr></thead><tbody></tbody></table>
  <table id="trader"><caption>trader book · <span id="traderMeta">no strategy running</span></caption><thead><tr><th>bid size</th><th>bid</th><th>ask</th><th>ask size</th></tr></thead><tbody></tbody></table>
</div>
<script>
"use strict";
const palette = ["#58a6ff", "#f0883e", "#a371f7", "#3fb950", "#db61a2", "#e3b341", "#79c0ff"];
const colours = {};
function colour(venue) {
  if (!(venue in colours)) colours[venue] = palette[Object.keys(colours).length % palette.length];
  return colours[venue];
}
const spreads = [];
let updates = 0, socket = null;
window.bourse = { updates: 0, last: null };

function levelsOf(rows) {
  // Rows (venue, price, size), best first -> levels [{price, parts: [[venue, size]], size}], best first.
  const levels = [];
  for (const row of rows) {
    const amount = parseFloat(row.amount);
    let level = levels.length ? levels[levels.length - 1] : null;
    if (!level || level.price !== row.price) { level = { price: row.price, parts: [], size: 0 }; levels.push(level); }
    level.parts.push([row.exchange, amount]);
    level.size += amount;
  }
  return levels;
}

function drawDepth(summary) {
  // Cumulative depth by rank from the centre: bids to the left, asks to the right. Each bar is the depth up to
  // that level; its top segment is the level itself, split by venue colour.
  const canvas = document.getElementById("depth"), g = canvas.getContext("2d");
  g.clearRect(0, 0, canvas.width, canvas.height);
  const sides = [["bid", levelsOf(summary.bids), -1], ["ask", levelsOf(summary.asks), 1]];
  let maxDepth = 0;
  for (const [, levels] of sides) maxDepth = Math.max(maxDepth, levels.reduce((a, l) => a + l.size, 0));
  if (maxDepth === 0) return;
  const centre = canvas.width / 2, bottom = canvas.height - 16, scale = (bottom - 10) / maxDepth;
  const count = Math.max(...sides.map(s => s[1].length), 1), width = Math.min(60, (centre - 10) / count);
  for (const [side, levels, direction] of sides) {
    let depth = 0;
    levels.forEach((level, i) => {
      const x = direction < 0 ? centre - (i + 1) * width : centre + i * width;
      g.fillStyle = side === "bid" ? "rgba(63,185,80,0.25)" : "rgba(248,81,73,0.25)";
      g.fillRect(x + 1, bottom - depth * scale, width - 2, depth * scale);
      let top = bottom - depth * scale;
      for (const [venue, amount] of level.parts) {
        const h = amount * scale;
        g.fillStyle = colour(venue);
        g.fillRect(x + 1, top - h, width - 2, h);
        top -= h;
      }
      depth += level.size;
      if (i === 0 || i === levels.length - 1) {
        g.fillStyle = "#8b949e";
        g.fillText(level.price, Math.max(0, Math.min(canvas.width - 70, x)), canvas.height - 3);
      }
    });
  }
  g.strokeStyle = "#8b949e";
  g.beginPath(); g.moveTo(centre, 0); g.lineTo(centre, bottom); g.stroke();
}

function drawSpread() {
  const canvas = document.getElementById("spreadChart"), g = canvas.getContext("2d");
  g.clearRect(0, 0, canvas.width, canvas.height);
  if (spreads.length < 2) return;
  const lo = Math.min(...spreads), hi = Math.max(...spreads), span = (hi - lo) || 1;
  g.strokeStyle = "#e3b341";
  g.beginPath();
  spreads.forEach((s, i) => {
    const x = i / (spreads.length - 1) * canvas.width, y = canvas.height - 5 - (s - lo) / span * (canvas.height - 10);
    if (i === 0) g.moveTo(x, y); else g.lineTo(x, y);
  });
  g.stroke();
}

function render(summary) {
  updates += 1;
  window.bourse.updates = updates;
  window.bourse.last = summary;
  document.getElementById("updates").textContent = updates;
  document.getElementById("spread").textContent = summary.spread ?? "-";
  if (summary.spread != null) { spreads.push(parseFloat(summary.spread)); if (spreads.length > 300) spreads.shift(); }
  const venues = document.querySelector("#venues tbody");
  venues.innerHTML = "";
  for (const v of summary.venues) {
    const latency = v.exchange_time > 0 && v.receive_time > 0 ? ((v.receive_time - v.exchange_time) / 1e6).toFixed(1) : "-";
    const tr = document.createElement("tr");
    tr.className = "venue-row";
    tr.dataset.venue = v.exchange;
    tr.dataset.state = v.state;
    tr.innerHTML = `<td style="color:${colour(v.exchange)}">${v.exchange}</td><td class="${v.state}">${v.state}</td>` +
      `<td>${v.messages}</td><td>${v.gaps}</td><td>${v.resyncs}</td><td>${latency}</td>`;
    venues.appendChild(tr);
  }
  document.getElementById("legend").innerHTML = summary.venues.map(v => `<span style="color:${colour(v.exchange)}">■ ${v.exchange}</span>`).join("");
  const book = document.querySelector("#book tbody");
  book.innerHTML = "";
  for (let i = 0; i < Math.max(summary.bids.length, summary.asks.length); i++) {
    const b = summary.bids[i], a = summary.asks[i], tr = document.createElement("tr");
    tr.innerHTML = (b ? `<td style="color:${colour(b.exchange)}">${b.exchange}</td><td>${b.amount}</td><td class="bid">${b.price}</td>` : "<td></td><td></td><td></td>") +
      (a ? `<td class="ask">${a.price}</td><td>${a.amount}</td><td style="color:${colour(a.exchange)}">${a.exchange}</td>` : "<td></td><td></td><td></td>");
    book.appendChild(tr);
  }
  drawDepth(summary);
  drawSpread();
}

let traderSymbol = null;
function renderTrader(book) {
  const body = document.querySelector("#trader tbody");
  body.innerHTML = "";
  document.getElementById("traderMeta").textContent = book ? `generation ${book.generation} · mid ${book.mid}` : "no strategy running";
  if (!book) return;
  for (let i = 0; i < Math.max(book.bids.length, book.asks.length); i++) {
    const b = book.bids[i], a = book.asks[i], tr = document.createElement("tr");
    tr.innerHTML = (b ? `<td>${b.amount}</td><td class="bid">${b.price}</td>` : "<td></td><td></td>") +
      (a ? `<td class="ask">${a.price}</td><td>${a.amount}</td>` : "<td></td><td></td>");
    body.appendChild(tr);
  }
}
setInterval(() => {
  if (!traderSymbol) return;
  fetch(`/trader/${encodeURIComponent(traderSymbol.replace("/", "-"))}`).then(r => r.json()).then(renderTrader).catch(() => {});
}, 500);

// The aggregator's own latency for the followed symbol: a frame's arrival to its summary.
setInterval(() => {
  if (!traderSymbol) return;
  fetch("/stats").then(r => r.json()).then(stats => {
    const row = stats.symbols.find(s => s.symbol === traderSymbol);
    const f = row && row.frame_to_summary_us;
    document.getElementById("pipeline").textContent =
      f && f.count ? `frame → summary p50 ${f.p50.toFixed(1)} µs · p99 ${f.p99.toFixed(1)} µs` : "pipeline latency -";
  }).catch(() => {});
}, 1000);

function follow(symbol) {
  traderSymbol = symbol;
  if (socket) socket.close();
  spreads.length = 0;
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  socket = new WebSocket(`${scheme}://${location.host}/ws/${encodeURIComponent(symbol.replace("/", "-"))}`);
  socket.onopen = () => document.getElementById("connection").textContent = "live stream";
  socket.onclose = () => { document.getElementById("connection").textContent = "disconnected, retrying"; setTimeout(() => follow(symbol), 1000); };
  socket.onmessage = event => render(JSON.parse(event.data));
}

fetch("/symbols").then(r => r.json()).then(symbols => {
  const select = document.getElementById("symbol");
  for (const s of symbols) { const o = document.createElement("option"); o.value = s; o.textContent = s; select.appendChild(o); }
  select.onchange = () => follow(select.value);
  if (symbols.length) follow(symbols[0]);
});
</script>
</body>
</html>
"""#
}
