-- Headless Neovim scenario: clients/neovim with ghost_text, a suggestion shown as virtual
-- text at the cursor through textDocument/inlineCompletion, accepted, saved.
-- env: INFILL_CMD, INFILL_SETTINGS, EDIT_FILE, INFILL_CLIENT_DIR, LINE, COL (1-based line, 0-based byte column).
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
  vim.opt.runtimepath:append(env('INFILL_CLIENT_DIR'))
  vim.opt.virtualedit = 'onemore' -- the cursor may sit after a line's last character, as in insert mode
  local settings = vim.fn.json_decode(env('INFILL_SETTINGS'))
  require('infill').setup({ cmd = vim.fn.json_decode(env('INFILL_CMD')), settings = settings.infill, ghost_text = true })
  vim.cmd('edit ' .. vim.fn.fnameescape(env('EDIT_FILE')))
  local bufnr = vim.api.nvim_get_current_buf()
  check(vim.wait(10000, function()
    for _, c in pairs(vim.lsp.buf_get_clients(bufnr)) do
      if c.name == 'infill-ls' and c.initialized then return true end
    end
    return false
  end, 10), 'clients/neovim attached infill-ls')

  vim.api.nvim_win_set_cursor(0, { tonumber(env('LINE')), tonumber(env('COL')) })
  local ghost = require('infill.ghost')
  ghost.request(true)
  local ns = vim.api.nvim_create_namespace('infill-ghost')
  local marks
  check(vim.wait(10000, function()
    marks = vim.api.nvim_buf_get_extmarks(bufnr, ns, 0, -1, { details = true })
    return #marks > 0
  end, 10), 'ghost text shown')
  say('virtual text: %s', marks[1][4].virt_text[1][1])
  check(ghost.accept(), 'accepted')
  check(#vim.api.nvim_buf_get_extmarks(bufnr, ns, 0, -1, {}) == 0, 'ghost text cleared')
  vim.cmd('write')
end

local ok, err = xpcall(main, debug.traceback)
if not ok then
  io.stdout:write('LUA ERROR: ' .. tostring(err) .. '\n')
  vim.cmd('cquit 2')
end
vim.cmd('qall!')
