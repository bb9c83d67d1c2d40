-- Checks a compiled loadgen/ directory with plain LuaJIT (no MoonGen):
--   luajit checkloadgen.lua DIR [REF]
-- flows.lua's data and counts (each flow within 1% of its share; with REF,
-- the compiler's order table reproduced by the userscript's own shuffle), the
-- userscript's packet headers, and its sending task run against stand-in
-- libmoon modules: every packet's bytes, ids and delays.
local ffi = require "ffi"
local bit = require "bit"

local dir = assert(arg[1], "usage: luajit checkloadgen.lua DIR [REF]")
local failures, checks = 0, 0

local function check(ok, fmt, ...)
	checks = checks + 1
	if not ok then
		failures = failures + 1
		io.stderr:write("checkloadgen: ", string.format(fmt, ...), "\n")
	end
	return ok
end

local cfg = dofile(dir .. "/flows.lua")
local hvnet = dofile(dir .. "/hvnet-load.lua")
local nflows = #cfg.flows

-- The data, as hvnetc(1), FILES fixes it.
check(type(cfg.name) == "string", "name is not a string")
for _, k in ipairs({ "duration", "repetitions" }) do
	check(type(cfg[k]) == "number" and cfg[k] >= 1, "%s is not a positive number", k)
end
check(type(cfg.seed) == "number" or type(cfg.seed) == "cdata", "seed is not a number")
check(type(cfg.src_mac) == "string" and cfg.src_mac:match("^%x%x:%x%x:%x%x:%x%x:%x%x:%x%x$"),
	"src_mac is not a MAC")
check(nflows > 0, "no flows")
local ports = {}
for i, f in ipairs(cfg.flows) do
	check(type(f.name) == "string", "flow %d has no name", i)
	check(f.size >= 64 and f.size <= 1500, "flow %s: size %s", f.name, tostring(f.size))
	check(f.rate > 0, "flow %s: rate %s", f.name, tostring(f.rate))
	check(not ports[f.port], "flow %s: port %d used twice", f.name, f.port)
	ports[f.port] = true
	check(f.dst_mac:match("^%x%x:%x%x:%x%x:%x%x:%x%x:%x%x$"), "flow %s: dst_mac", f.name)
	for _, k in ipairs({ "src_address", "dst_address" }) do
		check(f[k]:match("^%d+%.%d+%.%d+%.%d+$"), "flow %s: %s", f.name, k)
	end
end

-- The order table: flows.lua gives each flow's count; every flow within 1%
-- (relative) of its packet share, and the counts add up to order_length.
local count, len = {}, 0
for i, f in ipairs(cfg.flows) do
	check(type(f.count) == "number" and f.count >= 1, "flow %s: count %s", f.name, tostring(f.count))
	count[i] = f.count
	len = len + f.count
end
check(len == cfg.order_length, "the counts add up to %d, order_length is %s", len,
	tostring(cfg.order_length))
local total = hvnet.totalpps(cfg.flows)
for i, f in ipairs(cfg.flows) do
	local exact, got = hvnet.pps(f) / total, count[i] / len
	check(math.abs(got - exact) <= 0.01 * exact,
		"flow %s: %d of %d entries (%.5f), its share is %.5f", f.name, count[i], len, got, exact)
end

-- The compiler's shuffle and the userscript's agree bit for bit: the
-- compiler's table of repetition 1 (one 1-based index a line, from
-- build/ordertable) is the userscript's layout shuffled with the seed.
local order = hvnet.order(cfg, 1)
check(#order == len, "repetition 1's table has %d entries, not %d", #order, len)
if arg[2] then
	local k, same = 0, true
	for line in io.lines(arg[2]) do
		k = k + 1
		same = same and tonumber(line) == order[k]
	end
	check(same and k == len, "the userscript's SplitMix64/Fisher-Yates does not reproduce "
		.. "the compiler's order table (%d entries)", k)
end
local r2 = hvnet.order(cfg, 2)
local c2, differs = {}, false
for k, i in ipairs(r2) do
	c2[i] = (c2[i] or 0) + 1
	differs = differs or i ~= order[k]
end
for i = 1, nflows do
	check((c2[i] or 0) == count[i], "repetition 2 changes flow %d's share", i)
end
check(differs or nflows == 1 or len < 3, "repetition 2 sends the same order as repetition 1")

-- SplitMix64's first outputs for seed 0 (the published reference values).
local sm = hvnet.splitmix(0)
check(sm() == 0xE220A8397B1DCDAFULL, "splitmix64(0) first value")
check(sm() == 0x6E789E6AA1B965F4ULL, "splitmix64(0) second value")

-- Headers: Ethernet, IPv4 with a valid checksum and TTL 64, UDP.
local function hex(b, i)
	return string.format("%02x:%02x:%02x:%02x:%02x:%02x", b[i], b[i + 1], b[i + 2],
		b[i + 3], b[i + 4], b[i + 5])
end
for _, f in ipairs(cfg.flows) do
	local h = hvnet.header(f, cfg.src_mac)
	check(#h == 42, "flow %s: header of %d bytes", f.name, #h)
	check(hex(h, 1) == f.dst_mac and hex(h, 7) == cfg.src_mac, "flow %s: MACs", f.name)
	check(h[13] == 8 and h[14] == 0 and h[15] == 0x45, "flow %s: not IPv4", f.name)
	check(h[17] * 256 + h[18] == f.size, "flow %s: IP length", f.name)
	check(h[23] == 64 and h[24] == 17, "flow %s: TTL/protocol", f.name)
	check(hvnet.checksum(h, 15, 20) == 0, "flow %s: IP checksum does not verify", f.name)
	local src = string.format("%d.%d.%d.%d", h[27], h[28], h[29], h[30])
	local dst = string.format("%d.%d.%d.%d", h[31], h[32], h[33], h[34])
	check(src == f.src_address and dst == f.dst_address, "flow %s: addresses", f.name)
	check(h[37] * 256 + h[38] == f.port, "flow %s: UDP port", f.name)
	check(h[39] * 256 + h[40] == f.size - 20, "flow %s: UDP length", f.name)
end

-- The sending task against stand-in libmoon modules.
local clock = 0
local sent = {}
local buf = {}
buf.__index = buf
function buf:setSize(n) self.size = n end
function buf:getData() return self.data end
function buf:setDelay(d) self.delay = d end
package.preload["libmoon"] = function()
	return { getTime = function() clock = clock + 0.001 return clock end,
		running = function() return true end }
end
package.preload["log"] = function()
	return { info = function() end, warn = function() end }
end
package.preload["memory"] = function()
	return { createMemPool = function(args)
		local pool = {}
		function pool.bufArray(_, n)
			local a = { maxSize = n }
			function a.allocN(self, _, num)
				for k = 1, n do
					self[k] = nil
				end
				for k = 1, num do
					local b = setmetatable({ data = ffi.new("uint8_t[2048]") }, buf)
					args.func(b)
					self[k] = b
				end
			end
			return a
		end
		return pool
	end }
end
local rc = { stopped = false }
function rc.send(_, bufs)
	for _, b in ipairs(bufs) do
		sent[#sent + 1] = b
	end
end
function rc.stop(self) self.stopped = true end

local speed, duration = 10000, 0.05
local queued = hvnetLoad(rc, dir .. "/flows.lua", 1, duration, speed, 0) -- luacheck: ignore
local want = hvnet.count(cfg.flows, duration)
check(queued == want and #sent == want, "task queued %s packets, want %d", tostring(queued), want)
check(rc.stopped, "task did not stop the limiter")
local gap = hvnet.delay(cfg.flows, speed * 1e6)
local sum = 0
for k, b in ipairs(sent) do
	local f = cfg.flows[order[(k - 1) % len + 1]]
	local h = hvnet.header(f, cfg.src_mac)
	local ok = b.size == f.size + 14
	for j = 1, 42 do
		ok = ok and b.data[j - 1] == h[j]
	end
	local id = ffi.cast("uint32_t*", b.data + 42)[0]
	if not check(ok and id == k - 1, "packet %d: wrong bytes, size or id %d", k, tonumber(id)) then
		break
	end
	if k > 1 then
		check(math.abs(b.delay - gap) < 1, "packet %d: delay %d, gap %.3f", k, b.delay, gap)
		sum = sum + b.delay
	end
end
if #sent > 1 then
	check(math.abs(sum - (#sent - 1) * gap) <= 1, "delays add up to %d, want %.1f", sum,
		(#sent - 1) * gap)
	check(sent[1].delay >= gap, "the first packet must wait out the set-up time")
end
check(bit.band(0, 0) == 0, "bit")

print(string.format("checkloadgen: %s: %d flows, %d order entries, %d packets: %d checks, %d failed",
	cfg.name, nflows, len, #sent, checks, failures))
os.exit(failures == 0 and 0 or 1)
