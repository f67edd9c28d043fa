-- Headless Neovim scenario for a README snippet (0.7 and later): infill-ls attached by the
-- snippet, a completion typed and accepted, then "Implement <name>" chosen from the code
-- action menu; one server in all; save.
-- env: EDIT_FILE, KEYS (typed in normal mode), LINE (1-based, the stub's), ACTION_TITLE.
-- Exit: 0 ok, 1 a check failed, 2 Lua error.
local h = dofile(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':h') .. '/harness.lua')

h.run(function()
  local bufnr, client = h.open()
  h.complete(bufnr, client, h.env('KEYS'), 1)
  h.code_action(bufnr, tonumber(h.env('LINE')), h.env('ACTION_TITLE'))
  h.one_server()
  vim.cmd('write')
end)
