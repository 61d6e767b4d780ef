-- wrk request generator for bench/side-by-side/run.sh.
-- wrk ... -s traffic.lua -- MODE MODEL PROMPTS_FILE RUN_ID [BEARER_KEY]
--   MODE repeat: cycle through the file's prompts (after one pass, embedding cache hits)
--   MODE new:    a prompt from the file made unique per request (a new embedding each time)
-- PROMPTS_FILE holds one JSON string literal per line.
local prompts, mode, model, run = {}, nil, nil, nil
local counter = 0

function init(args)
  mode, model, run = args[1], args[2], args[4]
  for line in io.lines(args[3]) do prompts[#prompts + 1] = line end
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  if args[5] ~= nil and args[5] ~= "" then
    wrk.headers["Authorization"] = "Bearer " .. args[5]
  end
end

function request()
  counter = counter + 1
  local p = prompts[(counter % #prompts) + 1]
  if mode == "new" then
    -- p is a JSON string literal: put a unique tag before its closing quote
    p = string.sub(p, 1, -2) .. " (ticket " .. run .. "-" .. counter .. ")\""
  end
  local body = '{"model":"' .. model .. '","max_tokens":16,"messages":[{"role":"user","content":' .. p .. '}]}'
  return wrk.format(nil, "/v1/chat/completions", nil, body)
end
