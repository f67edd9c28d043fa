-- Headless Neovim scenario (0.7 and later): infill-ls attached by the user's config, type like
-- a user, ask for a completion, apply it the way completion plugins do, save.
-- env: EDIT_FILE, KEYS (typed in normal mode), PICK (1-based item to apply).  Exit: 0 ok, 1 a check failed, 2 Lua error.
local h = dofile(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':h') .. '/harness.lua')

h.run(function()
  local bufnr, client = h.open()
  h.complete(bufnr, client, h.env('KEYS'), tonumber(os.getenv('PICK') or '1'))
  vim.cmd('write')
end)
