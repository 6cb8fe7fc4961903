--[[
crossings ingest: make pandoc's document safe and faithful as MyST Markdown.

One pass runs over everything a contributor sent:
  * raw HTML/TeX/whatever blocks and inlines are dropped (reported);
  * links keep only http, https and mailto targets; others become their text;
  * images survive only when pandoc extracted them from the file itself (the media bag);
    they are renamed image-N.ext so that no contributor-chosen name reaches the disk;
  * code blocks get a fence longer than any backtick run inside and a plain language
    name, so ```{include} or ```{raw} can never become a MyST directive;
  * a literal "{" in text is backslash-escaped, so {role}`x` and {{ substitutions }}
    stay text; paragraphs starting with MyST line syntax (% comments, (target)=,
    +++, ::: fences) are escaped too;
  * divs, spans and attributes are unwrapped (MyST would read ::: and {#id} itself).
Tables a pipe table cannot hold are written (merged cells, several blocks in a cell,
no single header row, a caption) as a MyST {list-table} directive, never as "[TABLE]".

Events go to stderr as lines "[crossings] kind<TAB>detail" for the Python side (used as a
--lua-filter), or to the sink runner.lua passes to reset() (loaded as a module).
]]

-- Per-document state; reset() starts a new document (runner.lua converts many in one process).
local renamed, image_count, h1_count, first_heading, media_prefix, sink

local function to_stderr(kind, text)
  io.stderr:write("[crossings] " .. kind .. "\t" .. text .. "\n")
end

local function reset(options)
  renamed, image_count, h1_count, first_heading = {}, 0, 0, nil
  media_prefix = options and options.media_prefix or ""
  sink = options and options.sink or to_stderr
end
reset()

local function event(kind, detail)
  local text = tostring(detail or ""):gsub("[%c]", " ")
  sink(kind, text)
end

-- Backslash-escape every ASCII punctuation character: always literal in CommonMark.
local function escape_all(text)
  return (text:gsub("(%p)", "\\%1"))
end

local function safe_target(url)
  if url:find("[%c%s]") then
    return false
  end
  local lower = url:lower()
  return lower:match("^https?://[^/]") ~= nil or lower:match("^mailto:[^/]") ~= nil
end

local MIME_EXT = {
  ["image/png"] = "png", ["image/jpeg"] = "jpg", ["image/gif"] = "gif", ["image/bmp"] = "bmp",
  ["image/tiff"] = "tiff", ["image/webp"] = "webp", ["image/x-emf"] = "emf", ["image/emf"] = "emf",
  ["image/x-wmf"] = "wmf", ["image/wmf"] = "wmf",
}

-- An image written into an HTML page as a data: URI (data:image/png;base64,...) is inside the
-- file like a Word file's images: decoded (pandoc's fetch reads data: URIs without any network
-- or file access), it joins the media bag and is renamed like them.
local IMAGE_MAGIC = { "\137PNG\r\n", "\255\216\255", "GIF87a", "GIF89a", "RIFF", "BM", "II*\0", "MM\0*" }

local function data_image(src)
  local declared = src:match("^data:(image/[%w.+-]+);base64,")
  if not declared then
    return nil
  end
  local ok, mime, contents = pcall(pandoc.mediabag.fetch, src)
  if not ok or not contents or (mime or ""):lower() ~= declared:lower() then
    return nil
  end
  for _, magic in ipairs(IMAGE_MAGIC) do
    if contents:sub(1, #magic) == magic then
      return mime, contents
    end
  end
  return nil

end

-- How an image's source is shown in a warning: a data: URI by its type and length only.
local function shown_src(src)
  local head = src:match("^(data:[^,]*),")
  return head and string.format("%s,... (%d characters)", head, #src) or src
end

local function media_name(src)
  if renamed[src] then
    return renamed[src]
  end
  local mime, contents = pandoc.mediabag.lookup(src)
  if not contents then
    mime, contents = data_image(src)
  end
  if not contents then
    return nil
  end
  local ext = MIME_EXT[(mime or ""):lower()]
  if not ext then
    return nil, "unsupported image type " .. tostring(mime)
  end
  image_count = image_count + 1
  local name = string.format("image-%d.%s", image_count, ext)
  pandoc.mediabag.delete(src)
  pandoc.mediabag.insert(name, mime, contents)
  renamed[src] = name
  return name
end

local function longest_run(text, char)
  local best = 0
  for run in text:gmatch(char .. "+") do
    best = math.max(best, #run)
  end
  return best
end

local function fenced(info, body)
  local fence = string.rep("`", math.max(3, longest_run(body, "`") + 1))
  return fence .. info .. "\n" .. body .. "\n" .. fence
end

-- A Str that begins a line: MyST would read it as block syntax when it starts with any ASCII
-- punctuation (#, >, |, -, +, *, =, :, %, (, ~, `, $, [, <...) or is a number ending an ordered
-- list marker (1. or 10)).
local function starts_syntax(text)
  return text:match("^[!-/:-@%[-`{-~]") ~= nil or text:match("^%d+[.)]") ~= nil
end

local function guard_at(content, index)
  while content[index] and (content[index].t == "Space" or content[index].t == "SoftBreak") do
    index = index + 1
  end
  local word = content[index]
  if word and word.t == "Str" and starts_syntax(word.text) then
    content[index] = pandoc.RawInline("commonmark", escape_all(word.text))
  end
end

-- Escape the first word of a paragraph and of every line after a hard line break, where
-- MyST would read line syntax (a list, a heading underline, a ::: fence, a % comment...).
local function guard_first(el)
  guard_at(el.content, 1)
  for index = #el.content, 1, -1 do
    if el.content[index].t == "LineBreak" then
      guard_at(el.content, index + 1)
    end
  end
  return el
end

local sanitise = {
  RawBlock = function(el)
    event("raw-dropped", el.format .. " block")
    return {}
  end,
  RawInline = function(el)
    event("raw-dropped", el.format .. " inline")
    return {}
  end,
  Str = function(el)
    if el.text:find("[{}]") then
      return pandoc.RawInline("commonmark", escape_all(el.text))
    end
  end,
  Link = function(el)
    if safe_target(el.target) then
      el.attr = pandoc.Attr()
      el.title = ""
      return el
    end
    if el.target:sub(1, 1) ~= "#" then
      event("link-dropped", el.target)
    end
    return el.content
  end,
  Image = function(el)
    local name, why = media_name(el.src)
    if name then
      el.src = media_prefix .. name
      el.attr = pandoc.Attr()
      el.title = ""
      return el
    end
    event("image-dropped", shown_src(el.src) .. (why and (" (" .. why .. ")") or ""))
    return el.caption
  end,
  Span = function(el)
    return el.content
  end,
  Div = function(el)
    return el.content
  end,
  Figure = function(el)
    local blocks = pandoc.Blocks({})
    for _, block in ipairs(el.content) do
      blocks:insert(block.t == "Plain" and pandoc.Para(block.content) or block)
    end
    local caption = pandoc.utils.stringify(el.caption.long)
    -- An image without its own description takes the figure's caption.
    blocks = blocks:walk({
      Image = function(img)
        if #img.caption == 0 and caption ~= "" then
          img.caption = pandoc.utils.blocks_to_inlines(el.caption.long)
          return img
        end
      end,
    })
    local alt = pandoc.utils.stringify(blocks)
    if caption ~= "" and caption ~= alt then
      blocks:extend(el.caption.long)
    end
    return blocks
  end,
  CodeBlock = function(el)
    local lang = el.classes[1] or ""
    if not lang:match("^[%w_+-]+$") or lang:sub(1, 1) == "-" then
      lang = ""
    end
    return pandoc.RawBlock("commonmark", fenced(lang, el.text))
  end,
  Header = function(el)
    el.attr = pandoc.Attr()
    if pandoc.utils.stringify(el.content):match("^%s*$") then
      -- An empty heading (Word keeps headings styled but blank) would give a page with no title.
      if #el.content > 0 then
        return pandoc.Para(el.content)
      end
      event("empty-heading", tostring(el.level))
      return {}
    end
    if el.level == 1 then
      h1_count = h1_count + 1
    end
    if not first_heading then
      first_heading = pandoc.utils.stringify(el.content)
    end
    return guard_first(el)
  end,
  Para = guard_first,
  Plain = guard_first,
  Pandoc = function(doc)
    -- Only renamed images may be extracted: drop everything else the reader collected.
    local keep = {}
    for _, name in pairs(renamed) do
      keep[name] = true
    end
    for _, item in ipairs(pandoc.mediabag.list()) do
      if not keep[item.path] then
        pandoc.mediabag.delete(item.path)
      end
    end
    local title = doc.meta.title and pandoc.utils.stringify(doc.meta.title) or ""
    event("title", title)
    event("first-heading", first_heading or "")
    event("h1", tostring(h1_count))
    return doc
  end,
}

local function is_simple_cell(cell)
  if cell.col_span ~= 1 or cell.row_span ~= 1 or #cell.contents > 1 then
    return false
  end
  local block = cell.contents[1]
  if block and block.t ~= "Plain" and block.t ~= "Para" then
    return false
  end
  local simple = true
  if block then
    block:walk({ LineBreak = function() simple = false end })
  end
  return simple
end

local function all_rows(tbl)
  local rows = {}
  for _, row in ipairs(tbl.head.rows) do
    table.insert(rows, row)
  end
  for _, body in ipairs(tbl.bodies) do
    for _, row in ipairs(body.head) do
      table.insert(rows, row)
    end
    for _, row in ipairs(body.body) do
      table.insert(rows, row)
    end
  end
  for _, row in ipairs(tbl.foot.rows) do
    table.insert(rows, row)
  end
  return rows
end

local function is_simple_table(tbl)
  if #tbl.head.rows ~= 1 or #tbl.foot.rows > 0 or #tbl.caption.long > 0 then
    return false
  end
  for _, row in ipairs(all_rows(tbl)) do
    for _, cell in ipairs(row.cells) do
      if not is_simple_cell(cell) then
        return false
      end
    end
  end
  for _, body in ipairs(tbl.bodies) do
    if #body.head > 0 then
      return false
    end
  end
  return true
end

-- Lay merged cells out on a grid: a spanned cell's content goes in its first slot.
local function grid(tbl)
  local rows, pending = {}, {}
  local width = #tbl.colspecs
  for r, row in ipairs(all_rows(tbl)) do
    local out, col = {}, 1
    for _, cell in ipairs(row.cells) do
      while pending[r] and pending[r][col] do
        col = col + 1
      end
      out[col] = cell.contents
      for dr = 0, cell.row_span - 1 do
        for dc = 0, cell.col_span - 1 do
          if dr > 0 or dc > 0 then
            pending[r + dr] = pending[r + dr] or {}
            pending[r + dr][col + dc] = true
          end
        end
      end
      col = col + cell.col_span
    end
    for c = 1, width do
      out[c] = out[c] or pandoc.Blocks({})
    end
    rows[r] = out
  end
  return rows, width
end

-- The longest backtick run the writer will emit verbatim inside these blocks.
local function backticks_inside(blocks)
  local longest = 0
  local function note(el)
    longest = math.max(longest, longest_run(el.text, "`"))
  end
  pandoc.Blocks(blocks):walk({ RawBlock = note, RawInline = note, Code = note, CodeBlock = note })
  return longest
end

-- A MyST {list-table}: the fence lines are raw, the rows an ordinary nested bullet list, so
-- that the main writer renders cells, footnotes and nesting as everywhere else (one
-- pandoc.write per cell cost about 10 ms each).
local function list_table(tbl)
  local rows, width = grid(tbl)
  local items = {}
  for _, row in ipairs(rows) do
    local cells = {}
    for c = 1, width do
      table.insert(cells, row[c])
    end
    table.insert(items, { pandoc.BulletList(cells) })
  end
  local list = pandoc.BulletList(items)
  local fence = string.rep("`", math.max(3, backticks_inside({ list }) + 1))
  local caption = pandoc.utils.stringify(tbl.caption.long):gsub("%s+", " ")
  local info = "{list-table}" .. (caption ~= "" and (" " .. escape_all(caption)) or "")
  event("list-table", string.format("%d rows x %d columns", #rows, width))
  -- docutils needs a body row after the header rows: a table of header rows only (Word's
  -- "repeat as header row" on every row) is written with none, its cells all kept.
  local header_rows = #tbl.head.rows < #rows and #tbl.head.rows or 0
  return {
    pandoc.RawBlock("commonmark", fence .. info .. "\n:header-rows: " .. header_rows),
    list,
    pandoc.RawBlock("commonmark", fence),
  }
end

-- One filter, one pass: blocks are walked bottom-up, so a table's cells are already safe
-- when Table runs (a second filter would cost another round trip of the whole document).
sanitise.Table = function(tbl)
  if is_simple_table(tbl) then
    tbl.attr = pandoc.Attr()
    return tbl
  end
  return list_table(tbl)
end

-- How deep lists, quotations, definition lists and tables nest, counted without recursion (a
-- hostile file nests thousands deep); stops counting past *cap*. Sphinx, docutils and the
-- walkers of the build recurse once per level (a table in a cell becomes a list-table directive
-- inside another), so ingest refuses such a file before anything else.
local NESTING = { BulletList = true, OrderedList = true, BlockQuote = true, DefinitionList = true, Table = true }

local function nesting_depth(doc, cap)
  local stack, deepest = { { doc.blocks, 0 } }, 0
  while #stack > 0 do
    local blocks, depth = table.unpack(table.remove(stack))
    for _, block in ipairs(blocks) do
      local level = NESTING[block.t] and depth + 1 or depth
      deepest = math.max(deepest, level)
      if deepest > cap then
        return deepest
      end
      if block.t == "BulletList" or block.t == "OrderedList" then
        for _, item in ipairs(block.content) do
          table.insert(stack, { item, level })
        end
      elseif block.t == "DefinitionList" then
        for _, entry in ipairs(block.content) do
          for _, definition in ipairs(entry[2]) do
            table.insert(stack, { definition, level })
          end
        end
      elseif block.t == "Table" then
        for _, row in ipairs(all_rows(block)) do
          for _, cell in ipairs(row.cells) do
            table.insert(stack, { cell.contents, level })
          end
        end
      elseif block.t == "BlockQuote" or block.t == "Div" or block.t == "Figure" then
        table.insert(stack, { block.content, level })
      end
    end
  end
  return deepest
end

if CROSSINGS_MODULE then
  return { filter = sanitise, reset = reset, nesting_depth = nesting_depth }
end
return { sanitise }
