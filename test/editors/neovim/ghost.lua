-- Headless Neovim scenario: clients/neovim set up with ghost_text by the user's config, a
-- suggestion shown as virtual text at the cursor through textDocument/inlineCompletion,
-- accepted, saved.  env: EDIT_FILE, LINE, COL (1-based line, 0-based byte column).
local h = dofile(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':h') .. '/harness.lua')
local env, say, check = h.env, h.say, h.check

local function main()
  vim.opt.virtualedit = 'onemore' -- the cursor may sit after a line's last character, as in insert mode
  local bufnr = h.open()

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

h.run(main)
