-- Headless Neovim scenario (0.7 and later): attach infill-ls, choose a code action from the
-- menu the way a user does, let Neovim resolve and apply it, save.
-- env: INFILL_CMD (JSON array), INFILL_SETTINGS (JSON), INFILL_CLIENT_DIR, EDIT_FILE, LINE (1-based), ACTION_TITLE,
--      DIAGNOSTICS (optional JSON list: what another language server reported on that line).
-- Exit: 0 ok, 1 a check failed, 2 Lua error.
local h = dofile(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':h') .. '/harness.lua')
local env, say, check = h.env, h.say, h.check

local function main()
  local bufnr = h.open()

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

h.run(main)
