--- hvnet-load.lua: the HVNet load for MoonGen (libmoon), installed by hvnetc.
--
-- Every flow of flows.lua shares one TX queue and one sending task: each
-- packet's flow is the next entry of the packet-order table, so the flows
-- are interleaved in the order the compiler drew, and every flow gets its
-- rate.  Departures are spaced exactly and equally by libmoon's software
-- rate control ("custom" limiter): each packet's delay is the link rate
-- over the aggregate packet rate, in byte-times of the link.  The first
-- 4 bytes of each UDP payload (frame offset 42) hold a packet id for
-- MoonSniff on the Timestamper.  IP checksums are computed here, once per
-- flow (virtual and SR-IOV devices offload none).
--
--   MoonGen hvnet-load.lua [-f flows.lua] [-r REPETITION] [-d SECONDS] TX RX
--
-- Loaded by plain LuaJIT (tests, `luajit -e`), the file only defines
-- functions and returns the table of its pure helpers.
-- luacheck: globals configure master hvnetLoad

local ffi = require "ffi"
local bit = require "bit"

local hvnet = {}

hvnet.IDOFFSET = 42		-- Ethernet 14 + IPv4 20 + UDP 8
hvnet.TTL = 64

--- SplitMix64 as the compiler's order table uses it (64-bit wrap-around).
-- @param seed a number or uint64_t cdata
-- @return a function returning the next value as uint64_t cdata
function hvnet.splitmix(seed)
	local state = ffi.new("uint64_t", seed)
	return function()
		state = state + 0x9E3779B97F4A7C15ULL
		local z = state
		z = bit.bxor(z, bit.rshift(z, 30)) * 0xBF58476D1CE4E5B9ULL
		z = bit.bxor(z, bit.rshift(z, 27)) * 0x94D049BB133111EBULL
		return bit.bxor(z, bit.rshift(z, 31))
	end
end

--- Fisher-Yates from the last index down, j = splitmix64() mod (i + 1),
-- with 0-based i; shuffles t in place and returns it.
function hvnet.shuffle(t, seed)
	local rand = hvnet.splitmix(seed)
	for i = #t - 1, 1, -1 do
		local j = tonumber(rand() % (i + 1))
		t[i + 1], t[j + 1] = t[j + 1], t[i + 1]
	end
	return t
end

--- The order table before shuffling: each flow's count entries (1-based
-- flow indices), flow by flow in file order.
function hvnet.layout(cfg)
	local t = {}
	for f, fl in ipairs(cfg.flows) do
		for _ = 1, fl.count do
			t[#t + 1] = f
		end
	end
	return t
end

--- The sending order of repetition r: the layout shuffled with seed + r - 1.
function hvnet.order(cfg, r)
	local seed = ffi.new("uint64_t", cfg.seed) + (r - 1)
	return hvnet.shuffle(hvnet.layout(cfg), seed)
end

--- Packets per second of a flow: its rate over the bits of a frame with
-- FCS (IP packet + 14 + 4 bytes).
function hvnet.pps(f)
	return f.rate / (8 * (f.size + 18))
end

--- The aggregate packet rate of all flows.
function hvnet.totalpps(flows)
	local p = 0
	for _, f in ipairs(flows) do
		p = p + hvnet.pps(f)
	end
	return p
end

--- Spacing of departures in byte-times of a link of linkbps bit/s.
function hvnet.delay(flows, linkbps)
	return linkbps / hvnet.totalpps(flows) / 8
end

local function macbytes(s, out)
	for h in s:gmatch("%x%x") do
		out[#out + 1] = tonumber(h, 16)
	end
end

local function ipbytes(s, out)
	for d in s:gmatch("%d+") do
		out[#out + 1] = tonumber(d)
	end
end

local function put16(out, v)
	out[#out + 1] = bit.rshift(v, 8)
	out[#out + 1] = bit.band(v, 0xff)
end

--- The Internet checksum of bytes b[first .. first + n - 1].
function hvnet.checksum(b, first, n)
	local sum = 0
	for i = first, first + n - 1, 2 do
		sum = sum + b[i] * 256 + b[i + 1]
	end
	while sum > 0xffff do
		sum = bit.band(sum, 0xffff) + bit.rshift(sum, 16)
	end
	return bit.band(bit.bnot(sum), 0xffff)
end

--- The 42 header bytes of a flow's packets (1-based Lua table): Ethernet,
-- IPv4 (TTL 64, checksum set), UDP to the flow's port (checksum 0).
function hvnet.header(f, srcmac)
	local b = {}
	macbytes(f.dst_mac, b)
	macbytes(srcmac, b)
	put16(b, 0x0800)
	b[#b + 1] = 0x45
	b[#b + 1] = 0
	put16(b, f.size)
	put16(b, 0)			-- identification
	put16(b, 0)			-- flags, fragment offset
	b[#b + 1] = hvnet.TTL
	b[#b + 1] = 17			-- UDP
	put16(b, 0)			-- checksum, set below
	ipbytes(f.src_address, b)
	ipbytes(f.dst_address, b)
	local cs = hvnet.checksum(b, 15, 20)
	b[25], b[26] = bit.rshift(cs, 8), bit.band(cs, 0xff)
	put16(b, f.port)		-- source port: the flow's port too
	put16(b, f.port)
	put16(b, f.size - 20)
	put16(b, 0)
	assert(#b == hvnet.IDOFFSET)
	return b
end

--- Number of packets one repetition sends: duration at the aggregate rate.
function hvnet.count(flows, duration)
	return math.floor(hvnet.totalpps(flows) * duration + 0.5)
end

local function scriptdir()
	local src = debug.getinfo(1, "S").source
	return src:match("^@(.*/)") or "./"
end

function configure(parser)
	parser:description("Send the flows of flows.lua as one stream in "
		.. "order-table order, with exact gaps (hvnetc).")
	parser:argument("tx", "Port id that sends (the LoadGen's ingress side)."):convert(tonumber)
	parser:argument("rx", "Port id that receives (the LoadGen's egress side)."):convert(tonumber)
	parser:option("-f --flows", "The flows module."):default(scriptdir() .. "flows.lua")
	parser:option("-r --repetition", "Repetition number (1-based); "
		.. "repetitions after the first reshuffle the order."):default("1"):convert(tonumber)
	parser:option("-d --duration", "Seconds to send (default: flows.lua's duration)."):convert(tonumber)
	return parser:parse()
end

function master(args)
	local lm = require "libmoon"
	local device = require "device"
	local log = require "log"
	local limiter = require "software-ratecontrol"
	local cfg = dofile(args.flows)
	local duration = args.duration or cfg.duration
	local txDev = device.config{port = args.tx, txQueues = 1, rxQueues = 1, disableOffloads = true}
	local rxDev = txDev
	if args.rx ~= args.tx then
		rxDev = device.config{port = args.rx, txQueues = 1, rxQueues = 1}
	end
	device.waitForLinks()
	local speed = txDev:getLinkStatus().speed
	log:info("%s: %d flows, repetition %d of %d, %g s on a %d Mbit/s link",
		cfg.name, #cfg.flows, args.repetition, cfg.repetitions, duration, speed)
	local queue = txDev:getTxQueue(0)
	local start = lm.getTime()
	local rc = limiter:new(queue, "custom")
	local task = lm.startTask("hvnetLoad", rc, args.flows, args.repetition,
		duration, speed, start)
	local sent = task:wait()
	lm.waitForTasks()
	local txPkts = txDev:getTxStats()
	local rxPkts = rxDev:getRxStats()
	log:info("%s: queued %d packets; port %d sent %d, port %d received %d",
		cfg.name, sent or 0, args.tx, txPkts, args.rx, rxPkts)
end

--- The sending task: builds the flows' headers, then queues exactly
-- count packets with their delays into the rate limiter.
function hvnetLoad(rc, flowsFile, repetition, duration, speed, start)
	local lm = require "libmoon"
	local memory = require "memory"
	local log = require "log"
	local cfg = dofile(flowsFile)
	local order = hvnet.order(cfg, repetition)
	local headers, sizes = {}, {}
	for i, f in ipairs(cfg.flows) do
		headers[i] = ffi.new("uint8_t[?]", hvnet.IDOFFSET, hvnet.header(f, cfg.src_mac))
		sizes[i] = f.size + 14
	end
	local linkbps = speed * 1e6
	local gap = hvnet.delay(cfg.flows, linkbps)
	if gap < 1514 + 24 then
		log:warn("aggregate rate may exceed the link: %.1f byte-times between departures", gap)
	end
	local total = hvnet.count(cfg.flows, duration)
	local mem = memory.createMemPool{n = 32767, func = function(buf)
		ffi.fill(buf:getData(), 1514, 0)
	end}
	local bufs = mem:bufArray(64)
	-- The limiter's schedule began when it started: begin 10 ms from now
	-- instead of paying the set-up time back as a burst.
	local lead = (lm.getTime() - start + 0.01) * linkbps / 8
	local acc = math.min(lead, 2^32 - 1 - gap)
	local pos, n, id = 1, #order, 0
	while id < total and lm.running() do
		local batch = math.min(bufs.maxSize, total - id)
		bufs:allocN(60, batch)
		for _, buf in ipairs(bufs) do
			local fl = order[pos]
			pos = pos == n and 1 or pos + 1
			buf:setSize(sizes[fl])
			local data = ffi.cast("uint8_t*", buf:getData())
			ffi.copy(data, headers[fl], hvnet.IDOFFSET)
			ffi.cast("uint32_t*", data + hvnet.IDOFFSET)[0] = id % 2^32
			id = id + 1
			-- carry the fraction so the average spacing is exact
			acc = acc + gap
			local d = math.floor(acc)
			acc = acc - d
			buf:setDelay(d)
		end
		rc:send(bufs)
	end
	rc:stop()
	return id
end

return hvnet
