-- What every headless Neovim scenario needs: its environment, a report on stdout, and infill-ls
-- started from the shipped client config (clients/neovim) the way a user sets it up.
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

--- Sets up clients/neovim with `extra` options, edits EDIT_FILE, waits for infill-ls; returns the buffer and client.
function M.open(extra)
  vim.opt.runtimepath:append(M.env('INFILL_CLIENT_DIR'))
  local opts = { cmd = vim.fn.json_decode(M.env('INFILL_CMD')), settings = vim.fn.json_decode(M.env('INFILL_SETTINGS')).infill }
  require('infill').setup(vim.tbl_extend('force', opts, extra or {}))
  vim.cmd('edit ' .. vim.fn.fnameescape(M.env('EDIT_FILE'))) -- FileType starts and attaches infill-ls
  local bufnr = vim.api.nvim_get_current_buf()
  local client
  M.check(vim.wait(10000, function()
    for _, c in pairs(vim.lsp.buf_get_clients(bufnr)) do
      if c.name == 'infill-ls' and c.initialized then client = c return true end
    end
    return false
  end, 10), 'clients/neovim attached infill-ls')
  return bufnr, client
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
