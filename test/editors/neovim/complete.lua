-- Headless Neovim scenario (0.7 and later): infill-ls from clients/neovim, type like a user,
-- ask for a completion, apply it the way completion plugins do, save.
-- env: INFILL_CMD (JSON array), INFILL_SETTINGS (JSON), INFILL_CLIENT_DIR, EDIT_FILE, KEYS (typed in normal mode),
--      PICK (1-based item to apply).  Exit: 0 ok, 1 a check failed, 2 Lua error.
local h = dofile(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':h') .. '/harness.lua')
local env, say, check = h.env, h.say, h.check

local function main()
  local keys = env('KEYS')
  local pick = tonumber(os.getenv('PICK') or '1')
  local bufnr, client = h.open()
  local client_id = client.id

  -- Real keys: insert-mode edits reach the server as incremental didChange.
  vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes(keys, true, false, true), 'x', false)
  local row, col = unpack(vim.api.nvim_win_get_cursor(0)) -- after 'x', the cursor sits on the last typed char
  local line = vim.api.nvim_buf_get_lines(bufnr, row - 1, row, false)[1]
  local byte_col = math.min(col + 1, #line) -- completion goes after the last typed character
  local character = client.offset_encoding == 'utf-8' and byte_col or select(2, vim.str_utfindex(line, byte_col))

  local params = {
    textDocument = vim.lsp.util.make_text_document_params(bufnr),
    position = { line = row - 1, character = character },
    context = { triggerKind = 1 },
  }
  local resp = vim.lsp.buf_request_sync(bufnr, 'textDocument/completion', params, 10000)
  check(resp and resp[client_id] and resp[client_id].result, 'completion response')
  local result = resp[client_id].result
  local items = result.items or result
  check(#items >= pick, 'completion items: ' .. #items)
  local item = items[pick]
  say('label: %s', item.label)
  -- What nvim-cmp does on confirm: apply the item's textEdit with the client's encoding.
  vim.lsp.util.apply_text_edits({ item.textEdit }, bufnr, client.offset_encoding)
  vim.cmd('write')
end

h.run(main)
