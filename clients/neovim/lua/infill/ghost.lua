-- Ghost text from infill-ls (LSP 3.18 textDocument/inlineCompletion) for Neovim 0.7 and later,
-- for versions without native inline completion (vim.lsp.inline_completion is 0.12+).
--
--   require('infill').setup({ ghost_text = true })
--   vim.keymap.set('i', '<C-y>', require('infill.ghost').accept)      -- accept the suggestion
--
-- While typing in insert mode it asks infill-ls (debounced) and shows the suggestion as
-- virtual text at the cursor; leaving insert mode or moving clears it.
local M = {}

local ns = vim.api.nvim_create_namespace('infill-ghost')
local state = { bufnr = nil, row = nil, col = nil, text = nil, request = 0 }
local timer = nil
M.debounce_ms = 150

--- Clears the shown suggestion.
function M.clear()
  if state.bufnr and vim.api.nvim_buf_is_valid(state.bufnr) then vim.api.nvim_buf_clear_namespace(state.bufnr, ns, 0, -1) end
  state.text = nil
end

local function show(bufnr, row, col, text)
  M.clear()
  local lines = vim.split(text, '\n', { plain = true })
  local opts = { hl_mode = 'combine' }
  if vim.fn.has('nvim-0.10') == 1 then
    opts.virt_text = { { lines[1], 'Comment' } }
    opts.virt_text_pos = 'inline'
  else
    opts.virt_text = { { lines[1], 'Comment' } }
    opts.virt_text_pos = 'eol' -- before 0.10 virtual text cannot sit inside a line
  end
  if #lines > 1 then
    opts.virt_lines = vim.tbl_map(function(l) return { { l, 'Comment' } } end, vim.list_slice(lines, 2))
  end
  vim.api.nvim_buf_set_extmark(bufnr, ns, row, col, opts)
  state.bufnr, state.row, state.col, state.text = bufnr, row, col, text
end

--- Asks infill-ls for a suggestion at the cursor now (`invoked`: the user asked, no debounce there).
function M.request(invoked)
  local bufnr = vim.api.nvim_get_current_buf()
  local client = require('infill').client(bufnr)
  if not client then return end
  local row, col = unpack(vim.api.nvim_win_get_cursor(0))
  row = row - 1
  local character = vim.lsp.util.character_offset(bufnr, row, col, client.offset_encoding)
  state.request = state.request + 1
  local id = state.request
  local params = {
    textDocument = vim.lsp.util.make_text_document_params(bufnr),
    position = { line = row, character = character },
    context = { triggerKind = invoked and 1 or 2 },
  }
  local function on_result(err, result)
    if err or id ~= state.request or not result or not result.items or #result.items == 0 then return end
    local now_row, now_col = unpack(vim.api.nvim_win_get_cursor(0))
    if now_row - 1 ~= row or now_col ~= col then return end -- the cursor moved on
    show(bufnr, row, col, result.items[1].insertText)
  end
  -- A method from 0.11 (the function form is deprecated there), a function before.
  if vim.fn.has('nvim-0.11') == 1 then
    client:request('textDocument/inlineCompletion', params, on_result, bufnr)
  else
    client.request('textDocument/inlineCompletion', params, on_result, bufnr)
  end
end

--- Inserts the shown suggestion at the cursor. Returns true when there was one.
function M.accept()
  if not state.text then return false end
  local lines = vim.split(state.text, '\n', { plain = true })
  local bufnr, row, col = state.bufnr, state.row, state.col
  M.clear()
  vim.api.nvim_buf_set_text(bufnr, row, col, row, col, lines)
  local last = #lines == 1 and col + #lines[1] or #lines[#lines]
  vim.api.nvim_win_set_cursor(0, { row + #lines, last })
  return true
end

--- Shows suggestions while typing in insert mode.
function M.enable()
  local group = vim.api.nvim_create_augroup('infill-ghost', { clear = true })
  vim.api.nvim_create_autocmd({ 'TextChangedI', 'TextChangedP' }, {
    group = group,
    callback = function()
      M.clear()
      if timer then timer:stop() end
      timer = vim.defer_fn(function() M.request(false) end, M.debounce_ms)
    end,
  })
  vim.api.nvim_create_autocmd({ 'InsertLeave', 'BufLeave' }, { group = group, callback = M.clear })
end

return M
