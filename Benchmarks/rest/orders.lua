-- wrk script: random BTC-USDT limit orders (GTC, 1 lot) around 50,000.00 from the demo users, with session
-- tokens given in the environment (BOURSE_TOKENS, comma-separated). Each order is journaled before its
-- response, so the rate wrk reports is the rate of durable (acknowledged) orders.
local tokens = {}
for t in string.gmatch(os.getenv("BOURSE_TOKENS") or "", "[^,]+") do tokens[#tokens + 1] = t end

function setup(thread)
  thread:set("seed", math.random(1, 1000000))
end

function init(args)
  math.randomseed(seed)
end

request = function()
  local token = tokens[math.random(#tokens)]
  local side = (math.random(2) == 1) and "buy" or "sell"
  local price = string.format("%d.00", 50000 + math.random(-10, 10))
  local body = '{"symbol":"BTC-USDT","side":"' .. side .. '","type":"limit","price":"' .. price
    .. '","size":"0.0001"}'
  return wrk.format("POST", "/api/v1/orders",
    { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }, body)
end
