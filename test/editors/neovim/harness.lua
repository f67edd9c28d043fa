-- What every headless Neovim scenario needs: its environment, a report on stdout, the buffer
-- with infill-ls attached by the user's config (a README snippet in init.lua, written by the
-- test), and the steps a user takes: complete, choose a code action.
-- Load with `dofile`; exit codes: 0 ok, 1 a check failed, 2 Lua error.
local M = {}

function M.env(name) return (assert(os.getenv(name), name .. ' unset')) end

function M.say(fmt, ...) io.stdout:write(string.format(fmt, ...) .. '\n') end

function M.check(cond, what)
  if not cond then
    M.say('FAIL: %s', what)
    vim.cmd('cquit 1')
  end
  M.say('ok: %s', what)
end

--- The clients attached to `bufnr` (vim.lsp.buf_get_clients is deprecated from 0.10, gone in 0.12).
function M.clients(bufnr)
  if vim.lsp.get_clients then return vim.lsp.get_clients({ bufnr = bufnr }) end
  return vim.tbl_values(vim.lsp.buf_get_clients(bufnr))
end

--- Edits EDIT_FILE and waits until the user's config has attached infill-ls; returns the buffer and client.
function M.open()
  vim.cmd('edit ' .. vim.fn.fnameescape(M.env('EDIT_FILE')))
  local bufnr = vim.api.nvim_get_current_buf()
  local client
  M.check(vim.wait(10000, function()
    for _, c in ipairs(M.clients(bufnr)) do
      if c.name == 'infill-ls' and c.initialized ~= false then client = c return true end
    end
    return false
  end, 10), 'infill-ls attached')
  return bufnr, client
end

--- Checks that one language server runs (the clients list leaves out those still starting: call it last).
function M.one_server()
  local running = vim.lsp.get_clients and vim.lsp.get_clients() or vim.lsp.get_active_clients()
  M.check(#running == 1, 'language servers running: ' .. #running)
end

--- Types `keys` in normal mode, asks for completion after them and applies item `pick`
--- the way completion plugins (nvim-cmp) do: the item's textEdit, in the client's encoding.
function M.complete(bufnr, client, keys, pick)
  -- Real keys: insert-mode edits reach the server as incremental didChange.
  vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes(keys, true, false, true), 'x', false)
  local row, col = unpack(vim.api.nvim_win_get_cursor(0)) -- after 'x', the cursor sits on the last typed char
  -- Completion goes after the last typed character (past the line's end it counts as the end).
  local character = vim.lsp.util.character_offset(bufnr, row - 1, col + 1, client.offset_encoding)
  local params = {
    textDocument = vim.lsp.util.make_text_document_params(bufnr),
    position = { line = row - 1, character = character },
    context = { triggerKind = 1 },
  }
  local resp = vim.lsp.buf_request_sync(bufnr, 'textDocument/completion', params, 10000)
  M.check(resp and resp[client.id] and resp[client.id].result, 'completion response')
  local result = resp[client.id].result
  local items = result.items or result
  M.check(#items >= pick, 'completion items: ' .. #items)
  M.say('label: %s', items[pick].label)
  vim.lsp.util.apply_text_edits({ items[pick].textEdit }, bufnr, client.offset_encoding)
  M.say('completed line: %s', vim.api.nvim_buf_get_lines(bufnr, row - 1, row, false)[1])
end

--- Chooses the code action `title` from the menu on `line` (1-based) as a user does, and waits
--- until Neovim has resolved and applied it. `diagnostics`: what another server reported there.
function M.code_action(bufnr, line, title, diagnostics)
  local before = vim.api.nvim_buf_get_changedtick(bufnr)
  local offered = {}
  -- The menu: record what is offered and pick our action (0.7: {client_id, action}; 0.10: {action=, ctx=}).
  vim.ui.select = function(choices, _, on_choice)
    for i, c in ipairs(choices) do
      local action = c.action or c[2]
      table.insert(offered, action.title)
      if action.title == title then return on_choice(c, i) end
    end
    on_choice(nil, nil)
  end
  vim.api.nvim_win_set_cursor(0, { line, 0 })
  if diagnostics then
    -- As if another server had published them: the request carries them in its context.
    local context = { diagnostics = diagnostics }
    if vim.fn.has('nvim-0.8') == 1 then vim.lsp.buf.code_action({ context = context }) else vim.lsp.buf.code_action(context) end
  else
    vim.lsp.buf.code_action()
  end
  M.check(vim.wait(20000, function() return vim.api.nvim_buf_get_changedtick(bufnr) ~= before end, 20),
    'the action changed the buffer (offered: ' .. table.concat(offered, ', ') .. ')')
end

--- Runs `main`, turning a Lua error into exit status 2, then quits (Neovim sends shutdown and exit).
function M.run(main)
  local ok, err = xpcall(main, debug.traceback)
  if not ok then
    io.stdout:write('LUA ERROR: ' .. tostring(err) .. '\n')
    vim.cmd('cquit 2')
  end
  vim.cmd('qall!')
end

return M
