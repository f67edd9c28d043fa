-- infill-ls for Neovim 0.7 and later: completion, "Implement <name>" and "Fix with AI".
--
--   require('infill').setup({
--     cmd = { 'infill-ls', '--stdio' },                 -- or { 'node', '/path/to/infill-ls/dist/server/main.js', '--stdio' }
--     filetypes = { 'python', 'typescript', 'rust' },   -- default: every filetype infill-ls has a grammar for
--     settings = { model = { name = 'qwen2.5-coder:1.5b-base' } },  -- the `infill` section (README: Settings)
--     ghost_text = true,                                -- suggestions as virtual text (infill.ghost)
--   })
--
-- It starts one infill-ls per project root and attaches it to buffers of those filetypes,
-- beside whatever other language servers the buffer has. Completion items come through
-- any LSP completion plugin (nvim-cmp's `nvim_lsp` source, blink.cmp) or, from 0.11, through
-- `vim.lsp.completion.enable`.
local M = {}

M.filetypes = {
  'typescript', 'typescriptreact', 'javascript', 'javascriptreact', 'python', 'rust', 'go', 'java',
  'c', 'cpp', 'cs', 'ruby', 'php', 'sh', 'bash', 'lua',
}

local function root_of(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  local dir = name ~= '' and vim.fn.fnamemodify(name, ':p:h') or vim.loop.cwd()
  local marker = vim.fn.finddir('.git', dir .. ';')
  if marker ~= '' then return vim.fn.fnamemodify(marker, ':p:h:h') end
  return dir
end

local clients = {} -- root -> client id

--- Attaches infill-ls to `bufnr`, starting it for the buffer's project if needed.
function M.attach(bufnr, opts)
  local root = root_of(bufnr)
  local id = clients[root]
  if not id or not vim.lsp.get_client_by_id(id) then
    id = vim.lsp.start_client({
      name = 'infill-ls',
      cmd = opts.cmd,
      root_dir = root,
      init_options = { infill = opts.settings or {} },
      settings = { infill = opts.settings or {} },
    })
    clients[root] = id
  end
  if id then vim.lsp.buf_attach_client(bufnr, id) end
  return id
end

function M.setup(opts)
  opts = vim.tbl_extend('force', { cmd = { 'infill-ls', '--stdio' }, filetypes = M.filetypes }, opts or {})
  local group = vim.api.nvim_create_augroup('infill-ls', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = opts.filetypes,
    callback = function(args) M.attach(args.buf, opts) end,
  })
  if opts.ghost_text then require('infill.ghost').enable() end
  -- Buffers already open when setup runs.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(opts.filetypes, vim.bo[bufnr].filetype) then M.attach(bufnr, opts) end
  end
end

return M
