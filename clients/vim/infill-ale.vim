" infill-ls for Vim with ALE (dense-analysis/ale). Source it from your vimrc, before or after
" ALE is loaded: `source /path/to/infill-ls/clients/vim/infill-ale.vim`. ALE runs infill-ls as
" an LSP "linter" beside your other linters; completion (with g:ale_completion_enabled = 1, set
" before ALE loads) and code actions (Implement, Fix with AI for the nearest error of any
" linter) come through ALE's own commands (:ALECodeAction).
"
" Keys: g:infill_ls_command (a command line), g:infill_ls_settings (the `infill` section),
" g:infill_ls_filetypes. They are read once Vim has started, so they may be set anywhere in the
" vimrc; the command and the settings are read again each time ALE starts the server.

function! s:Command(...) abort
  return get(g:, 'infill_ls_command', 'infill-ls --stdio')
endfunction

function! s:Settings(...) abort
  return {'infill': get(g:, 'infill_ls_settings', {'model': {'name': 'qwen2.5-coder:1.5b-base'}})}
endfunction

" ALE runs only the linters g:ale_linters names for a filetype, or ALE's own default list for
" some (Python, Go, Rust...), or else all. Where a list applies, infill-ls joins it, so it runs
" beside the linters ALE would have run there.
function! s:Enable(filetype) abort
  let g:ale_linters = get(g:, 'ale_linters', {})
  if has_key(g:ale_linters, a:filetype)
    if type(g:ale_linters[a:filetype]) is v:t_list && index(g:ale_linters[a:filetype], 'infill-ls') < 0
      call add(g:ale_linters[a:filetype], 'infill-ls')
    endif
    return
  endif
  if get(g:, 'ale_linters_explicit', 0)
    let g:ale_linters[a:filetype] = ['infill-ls']
    return
  endif
  let l:running = map(ale#linter#Get(a:filetype), 'v:val.name')
  if index(l:running, 'infill-ls') < 0
    let g:ale_linters[a:filetype] = l:running + ['infill-ls']
  endif
endfunction

function! s:Setup() abort
  for l:filetype in get(g:, 'infill_ls_filetypes', ['python', 'typescript', 'javascript', 'rust', 'go', 'c', 'cpp', 'java', 'ruby', 'php', 'sh', 'lua'])
    call ale#linter#Define(l:filetype, {
    \   'name': 'infill-ls',
    \   'lsp': 'stdio',
    \   'executable': {buffer -> split(s:Command())[0]},
    \   'command': {buffer -> s:Command()},
    \   'project_root': {buffer -> fnamemodify(bufname(buffer), ':p:h')},
    \   'initialization_options': function('s:Settings'),
    \   'lsp_config': function('s:Settings'),
    \})
    call s:Enable(l:filetype)
  endfor
endfunction

" In a vimrc, ALE and the user's g:ale_linters may come later: set up once Vim has started.
if v:vim_did_enter
  call s:Setup()
else
  augroup infill_ls_ale
    autocmd!
    autocmd VimEnter * call s:Setup()
  augroup END
endif
