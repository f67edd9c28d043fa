-- Headless Neovim scenario (0.7 and later): attach infill-ls, choose a code action from the
-- menu the way a user does, let Neovim resolve and apply it, save.
-- env: INFILL_CMD (JSON array), INFILL_SETTINGS (JSON), INFILL_CLIENT_DIR, EDIT_FILE, LINE (1-based), ACTION_TITLE,
--      DIAGNOSTICS (optional JSON list: what another language server reported on that line).
-- Exit: 0 ok, 1 a check failed, 2 Lua error.
local function env(name) return (assert(os.getenv(name), name .. ' unset')) end
local function say(fmt, ...) io.stdout:write(string.format(fmt, ...) .. '\n') end
local function check(cond, what)
  if not cond then
    say('FAIL: %s', what)
    vim.cmd('cquit 1')
  end
  say('ok: %s', what)
end

local function main()
  local file = env('EDIT_FILE')
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  -- The shipped client config (clients/neovim), set up as a user would.
  vim.opt.runtimepath:append(env('INFILL_CLIENT_DIR'))
  require('infill').setup({ cmd = vim.fn.json_decode(env('INFILL_CMD')), settings = vim.fn.json_decode(env('INFILL_SETTINGS')).infill })
  vim.cmd('doautocmd FileType') -- the buffer was opened before setup
  check(vim.wait(10000, function()
    for _, c in pairs(vim.lsp.buf_get_clients(bufnr)) do
      if c.name == 'infill-ls' and c.initialized then return true end
    end
    return false
  end, 10), 'clients/neovim attached infill-ls')

  local before = vim.api.nvim_buf_get_changedtick(bufnr)
  local offered = {}
  -- The menu: record what is offered and pick our action (0.7: {client_id, action}; 0.10: {action=, ctx=}).
  vim.ui.select = function(choices, _, on_choice)
    for i, c in ipairs(choices) do
      local action = c.action or c[2]
      table.insert(offered, action.title)
      if action.title == env('ACTION_TITLE') then return on_choice(c, i) end
    end
    on_choice(nil, nil)
  end
  vim.api.nvim_win_set_cursor(0, { tonumber(env('LINE')), 0 })
  local diagnostics = os.getenv('DIAGNOSTICS')
  if diagnostics then
    -- As if another server had published them: the request carries them in its context.
    local context = { diagnostics = vim.fn.json_decode(diagnostics) }
    if vim.fn.has('nvim-0.8') == 1 then vim.lsp.buf.code_action({ context = context }) else vim.lsp.buf.code_action(context) end
  else
    vim.lsp.buf.code_action()
  end
  check(vim.wait(20000, function() return vim.api.nvim_buf_get_changedtick(bufnr) ~= before end, 20),
    'the action changed the buffer (offered: ' .. table.concat(offered, ', ') .. ')')
  vim.cmd('write')
end

local ok, err = xpcall(main, debug.traceback)
if not ok then
  io.stdout:write('LUA ERROR: ' .. tostring(err) .. '\n')
  vim.cmd('cquit 2')
end
vim.cmd('qall!')
