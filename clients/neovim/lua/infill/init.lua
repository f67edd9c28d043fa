-- infill-ls for Neovim 0.7 and later: completion, "Implement <name>" and "Fix with AI".
--
--   require('infill').setup({
--     cmd = { 'infill-ls', '--stdio' },                 -- or { 'node', '/path/to/infill-ls/dist/server/main.js', '--stdio' }
--     filetypes = { 'python', 'typescript', 'rust' },   -- default: every filetype infill-ls has a grammar for
--     settings = { model = { name = 'qwen2.5-coder:1.5b-base' } },  -- the `infill` section (README: Settings)
--     ghost_text = true,                                -- suggestions as virtual text (infill.ghost)
--   })
--
-- It starts one infill-ls per project (the folder with `.git`, else the file's folder) and
-- attaches it to buffers of those filetypes, beside whatever other language servers they have. From Neovim 0.11 it does so as the
-- config `vim.lsp.config('infill-ls')`, the name the README's snippet uses, so both together
-- make one server. Completion items come through any LSP completion plugin (nvim-cmp's
-- `nvim_lsp` source, blink.cmp) or, from 0.11, through `vim.lsp.completion.enable`.
local M = {}

--- The client's name here, in the README and in `vim.lsp.config`.
M.name = 'infill-ls'

M.filetypes = {
  'typescript', 'typescriptreact', 'javascript', 'javascriptreact', 'python', 'rust', 'go', 'java',
  'c', 'cpp', 'cs', 'ruby', 'php', 'sh', 'bash', 'lua',
}

local DEFAULT_CMD = { 'infill-ls', '--stdio' }

--- The clients attached to `bufnr` (vim.lsp.get_clients from 0.10; buf_get_clients is gone in 0.12).
function M.clients(bufnr)
  if vim.lsp.get_clients then return vim.lsp.get_clients({ bufnr = bufnr }) end
  return vim.tbl_values(vim.lsp.buf_get_clients(bufnr))
end

--- The infill-ls client attached to `bufnr`: named as here, or `infill_ls` as nvim-lspconfig would name it.
function M.client(bufnr)
  for _, c in ipairs(M.clients(bufnr)) do
    if c.name == M.name or c.name == 'infill_ls' then return c end
  end
end

--- The project of `bufnr`: the folder that holds its `.git`, else the file's folder. The
--- README's snippet for 0.8 to 0.10 follows the same rule, so that a server started by
--- either serves the other.
local function root_of(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  local dir = name ~= '' and vim.fn.fnamemodify(name, ':p:h') or (vim.uv or vim.loop).cwd()
  local marker = vim.fn.finddir('.git', dir .. ';')
  if marker ~= '' then return vim.fn.fnamemodify(marker, ':p:h:h') end
  return dir
end

local clients = {} -- 0.7: root -> client id

--- Attaches infill-ls to `bufnr`, starting it for the buffer's project if needed (before 0.11).
function M.attach(bufnr, opts)
  local config = {
    name = M.name,
    cmd = opts.cmd,
    root_dir = root_of(bufnr),
    init_options = { infill = opts.settings or {} },
    settings = { infill = opts.settings or {} },
  }
  -- 0.8 to 0.10: vim.lsp.start reuses a client of this name and root, also one just started
  -- by the README's snippet and not yet initialized (which the client lists leave out).
  if vim.lsp.start then return vim.lsp.start(config, { bufnr = bufnr }) end
  local id = clients[config.root_dir]
  if not id or not vim.lsp.get_client_by_id(id) then
    id = vim.lsp.start_client(config)
    clients[config.root_dir] = id
  end
  if id then vim.lsp.buf_attach_client(bufnr, id) end
  return id
end

--- From 0.11: adds `opts` to the config `infill-ls` (the README's snippet may have made it) and enables it.
local function setup_config(opts)
  local existing = vim.lsp.config[M.name] or {}
  local settings = opts.settings and { infill = opts.settings } or nil
  vim.lsp.config(M.name, {
    cmd = opts.cmd or existing.cmd or DEFAULT_CMD,
    filetypes = opts.filetypes or existing.filetypes or M.filetypes,
    root_markers = not existing.root_dir and not existing.root_markers and { '.git' } or nil,
    init_options = settings,
    settings = settings,
  })
  vim.lsp.enable(M.name)
end

function M.setup(opts)
  opts = opts or {}
  if vim.lsp.config and vim.lsp.enable then
    setup_config(opts)
  else
    opts = vim.tbl_extend('force', { cmd = DEFAULT_CMD, filetypes = M.filetypes }, opts)
    local group = vim.api.nvim_create_augroup('infill-ls', { clear = true })
    vim.api.nvim_create_autocmd('FileType', {
      group = group,
      pattern = opts.filetypes,
      callback = function(args) M.attach(args.buf, opts) end,
    })
    -- Buffers already open when setup runs.
    for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(opts.filetypes, vim.bo[bufnr].filetype) then M.attach(bufnr, opts) end
    end
  end
  if opts.ghost_text then require('infill.ghost').enable() end
end

return M
