--[[
crossings ingest: convert many prepared documents in one pandoc process.

    pandoc +RTS -M<cap> -RTS lua runner.lua JOBS WRITER OUTPUT_CAP NESTING_CAP

JOBS has one line per document: folder <TAB> reader <TAB> input file name <TAB> media folder.
Folders are relative to the working directory and every name in them is chosen by crossings,
never by a contributor. For each document the runner reads the input with the reader
sandboxed (no file or network access), applies safe.lua, writes the Markdown to
folder/output.md, the events and pandoc's warnings to folder/events.tsv and the renamed
images into folder/<media folder>/. After each document it prints "done <n>" or
"fail <n> <message>" and flushes, so that when the process is killed (timeout) or dies
(memory cap) the caller knows which document was running.

One process for a batch instead of one per file: pandoc's start-up and Lua set-up are paid
once (about 20 ms instead of 60 ms per small document).
]]

CROSSINGS_MODULE = true
local here = arg[0]:match("^(.*)/[^/]*$") or "."
local safe = dofile(here .. "/safe.lua")

local jobs_file, writer, output_cap, nesting_cap = arg[1], arg[2], tonumber(arg[3]), tonumber(arg[4])

local function read_file(path)
  local handle = assert(io.open(path, "rb"))
  local data = handle:read("a")
  handle:close()
  return data
end

local function write_file(path, data)
  local handle = assert(io.open(path, "wb"))
  handle:write(data)
  handle:close()
end

local function one_line(text)
  return (tostring(text):gsub("[%c]", " "))
end

-- An error message on one line of the protocol: its line breaks as tabs (the last field may
-- hold tabs), other control characters as spaces.
local function message_line(text)
  return (tostring(text):gsub("\r?\n", "\t"):gsub("[%c]", function(c)
    return c == "\t" and c or " "
  end))
end

local function warnings_since(count, events)
  for i = count + 1, #PANDOC_STATE.log do
    local message = pandoc.json.decode(pandoc.json.encode(PANDOC_STATE.log[i]))
    if message.verbosity == "WARNING" then
      table.insert(events, "warning\t" .. one_line(message.pretty))
    end
  end
end

local number = 0 -- the document being converted, counted from 0

local function convert(folder, reader, input, media)
  pandoc.mediabag.empty()
  local events = {}
  safe.reset({
    media_prefix = media .. "/",
    sink = function(kind, text)
      table.insert(events, kind .. "\t" .. text)
    end,
  })
  local logged = #PANDOC_STATE.log
  local options = reader == "docx" and { track_changes = "accept-changes" } or {}
  -- A long plain text comes in parts (crossings/ingest/textparts.py): "a,+b,~c" means a, then b
  -- continuing a's paragraph on a new line, then c glued to b; a name alone starts a new block.
  local texts = {}
  for name in input:gmatch("[^,]+") do
    local join, file = name:match("^([+~]?)(.*)$")
    local doc = pandoc.read(read_file(folder .. "/" .. file), reader, options, {})
    if safe.nesting_depth(doc, nesting_cap) > nesting_cap then
      error("nesting-cap", 0)
    end
    local text = pandoc.write(doc:walk(safe.filter), writer, { wrap_text = "wrap-none" })
    if #texts > 0 then
      texts[#texts] = join == "" and texts[#texts] or texts[#texts]:gsub("\n+$", "")
      table.insert(texts, join == "+" and "\n" or join == "" and "\n" or "")
      io.stdout:write("part\t" .. number .. "\n") -- the time limit counts from each part
      io.stdout:flush()
    end
    table.insert(texts, text)
    doc, text = nil, nil
    collectgarbage()
  end
  local text = table.concat(texts)
  if #text > output_cap then
    error("output-cap", 0)
  end
  warnings_since(logged, events)
  local images = pandoc.mediabag.list()
  if #images > 0 then
    pandoc.system.make_directory(folder .. "/" .. media, true)
  end
  for _, item in ipairs(images) do
    local _, contents = pandoc.mediabag.lookup(item.path)
    write_file(folder .. "/" .. media .. "/" .. item.path, contents)
  end
  write_file(folder .. "/events.tsv", table.concat(events, "\n") .. "\n")
  write_file(folder .. "/output.md", text)
end

for line in io.lines(jobs_file) do
  local folder, reader, input, media = line:match("^([^\t]+)\t([^\t]+)\t([^\t]+)\t([^\t]+)$")
  local ok, err = pcall(convert, folder, reader, input, media)
  if ok then
    io.stdout:write("done\t" .. number .. "\n")
  else
    io.stdout:write("fail\t" .. number .. "\t" .. message_line(err) .. "\n")
  end
  io.stdout:flush()
  number = number + 1
end
