-- wrk script: a market maker's mix on BTC-USDT — quotes on both sides of 50,000.00 that never cross (bids at
-- 49,990–49,999, asks at 50,001–50,010), and about half the requests cancelling one of the quotes this thread
-- placed earlier (its id read from the 201 response). Each wrk thread
-- trades as one demo user (session tokens from BOURSE_TOKENS, comma-separated, as for orders.lua), so every
-- cancel is of the caller's own order. Every request is journaled before its response.
local tokens = {}
for t in string.gmatch(os.getenv("BOURSE_TOKENS") or "", "[^,]+") do tokens[#tokens + 1] = t end

local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("seed", math.random(1, 1000000))
  thread:set("index", counter)
end

local placed = {} -- ids of this thread's orders that rest and are not cancelled yet (as far as it knows)
local token

function init(args)
  math.randomseed(seed)
  token = tokens[(index - 1) % #tokens + 1]
end

request = function()
  if #placed > 0 and math.random(2) == 1 then
    local i = math.random(#placed)
    local id = placed[i]
    placed[i] = placed[#placed]
    placed[#placed] = nil
    return wrk.format("DELETE", "/api/v1/orders/" .. id, { ["Authorization"] = "Bearer " .. token })
  end
  local buy = math.random(2) == 1
  local side = buy and "buy" or "sell"
  local price = string.format("%d.00", buy and 50000 - math.random(10) or 50000 + math.random(10))
  local body = '{"symbol":"BTC-USDT","side":"' .. side .. '","type":"limit","price":"' .. price
    .. '","size":"0.0001"}'
  return wrk.format("POST", "/api/v1/orders",
    { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }, body)
end

response = function(status, headers, body)
  if status == 201 and #placed < 10000 and string.find(body, '"status":"new"', 1, true) then
    local id = string.match(body, '"id":(%d+)')
    if id ~= nil then placed[#placed + 1] = id end
  end
end
