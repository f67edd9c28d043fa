" infill-ls for Vim: with vim-lsp (prabirshrestha/vim-lsp) or yegappan/lsp, whichever is
" installed. Source it from your vimrc: `source /path/to/infill-ls/clients/vim/infill-ls.vim`.
let s:cmd = get(g:, 'infill_ls_command', ['infill-ls', '--stdio'])
let s:settings = get(g:, 'infill_ls_settings', {'model': {'name': 'qwen2.5-coder:1.5b-base'}})
let s:filetypes = get(g:, 'infill_ls_filetypes', ['python', 'typescript', 'javascript', 'rust', 'go', 'c', 'cpp', 'java', 'ruby', 'php', 'sh', 'lua'])

if exists('*lsp#register_server')
  " vim-lsp
  augroup infill_ls
    autocmd!
    autocmd User lsp_setup call lsp#register_server({
          \ 'name': 'infill-ls',
          \ 'cmd': {server_info -> s:cmd},
          \ 'allowlist': s:filetypes,
          \ 'initialization_options': {'infill': s:settings},
          \ 'workspace_config': {'infill': s:settings},
          \ })
  augroup END
elseif exists('*LspAddServer')
  " yegappan/lsp
  call LspAddServer([{
        \ 'name': 'infill-ls',
        \ 'filetype': s:filetypes,
        \ 'path': s:cmd[0],
        \ 'args': s:cmd[1:],
        \ 'initializationOptions': {'infill': s:settings},
        \ 'workspaceConfig': {'infill': s:settings},
        \ }])
endif
