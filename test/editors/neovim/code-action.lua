-- Headless Neovim scenario (0.7 and later): infill-ls attached by the user's config, choose a
-- code action from the menu the way a user does, let Neovim resolve and apply it, save.
-- env: EDIT_FILE, LINE (1-based), ACTION_TITLE,
--      DIAGNOSTICS (optional JSON list: what another language server reported on that line).
-- Exit: 0 ok, 1 a check failed, 2 Lua error.
local h = dofile(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':h') .. '/harness.lua')

h.run(function()
  local bufnr = h.open()
  local diagnostics = os.getenv('DIAGNOSTICS')
  h.code_action(bufnr, tonumber(h.env('LINE')), h.env('ACTION_TITLE'), diagnostics and vim.fn.json_decode(diagnostics))
  vim.cmd('write')
end)
