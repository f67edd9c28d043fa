" infill-ls for Vim: with vim-lsp (prabirshrestha/vim-lsp) or yegappan/lsp, whichever is
" installed. Source it from your vimrc, before or after the plugin is loaded:
" `source /path/to/infill-ls/clients/vim/infill-ls.vim`.
"
" Keys: g:infill_ls_command (a list: program and arguments), g:infill_ls_settings (the `infill`
" section), g:infill_ls_filetypes. The server is registered when the plugin sets itself up
" (once Vim has started), so the keys may be set anywhere in the vimrc; with vim-lsp the
" command and the settings are read again each time the server starts.

function! s:Command(...) abort
  return get(g:, 'infill_ls_command', ['infill-ls', '--stdio'])
endfunction

function! s:Settings(...) abort
  return {'infill': get(g:, 'infill_ls_settings', {'model': {'name': 'qwen2.5-coder:1.5b-base'}})}
endfunction

function! s:Filetypes() abort
  return get(g:, 'infill_ls_filetypes', ['python', 'typescript', 'typescriptreact', 'javascript', 'rust', 'go', 'c', 'cpp', 'java', 'ruby', 'php', 'sh', 'lua'])
endfunction

function! s:RegisterVimLsp() abort
  call lsp#register_server({
        \ 'name': 'infill-ls',
        \ 'cmd': function('s:Command'),
        \ 'allowlist': s:Filetypes(),
        \ 'initialization_options': s:Settings(),
        \ 'workspace_config': function('s:Settings'),
        \ })
endfunction

function! s:RegisterYegappan() abort
  let l:cmd = s:Command()
  call LspAddServer([{
        \ 'name': 'infill-ls',
        \ 'filetype': s:Filetypes(),
        \ 'path': l:cmd[0],
        \ 'args': l:cmd[1:],
        \ 'initializationOptions': s:Settings(),
        \ 'workspaceConfig': s:Settings(),
        \ }])
endfunction

" Each plugin announces its setup with a User event (vim-lsp: at VimEnter, or when
" lsp#enable() runs; yegappan/lsp: when it is enabled). When this file is sourced after that
" has happened, register at once.
augroup infill_ls
  autocmd!
  autocmd User lsp_setup call s:RegisterVimLsp()
  autocmd User LspSetup call s:RegisterYegappan()
augroup END
if v:vim_did_enter && exists('g:lsp_loaded')
  call s:RegisterVimLsp()
elseif v:vim_did_enter && exists('*LspAddServer')
  call s:RegisterYegappan()
endif
