" Headless Vim 9 + vim-lsp, set up by the user's vimrc: the file opened, infill-ls attached
" (vim-lsp's lsp_buffer_enabled set the omnifunc), a completion asked for after typed text
" and the first item inserted as Vim's completion inserts it, "Implement <name>" through
" :LspCodeAction with the action's kind (one action of that kind runs without a menu); save.
" env: EDIT_FILE, REPORT, KEYS (typed on a new last line, then completed), STUB_LINE (1-based).
execute 'source ' . fnameescape(expand('<sfile>:p:h') . '/harness.vim')

function! s:Main() abort
  execute 'edit ' . fnameescape($EDIT_FILE)
  call Check(Wait('&omnifunc ==# "lsp#complete"', 10000), 'infill-ls attached')
  call Say('servers: ' . join(lsp#get_allowed_servers(), ' ') . ', status: ' . lsp#get_server_status('infill-ls'))

  " What the omnifunc does, up to the menu that only insert mode can show: the request, and
  " vim-lsp's items made of its answer.
  call TypeOnNewLine($KEYS)
  set virtualedit=onemore
  call cursor(line('.'), col('$')) " after the typed text, where insert mode would be
  unlet! g:completion
  call lsp#send_request('infill-ls', {'method': 'textDocument/completion',
  \ 'params': {'textDocument': lsp#get_text_document_identifier(), 'position': lsp#get_position()},
  \ 'on_notification': {data -> execute('let g:completion = data')}})
  call Check(Wait('exists("g:completion")', 10000), 'completion response')
  let l:items = lsp#omni#get_vim_completion_items({'server': lsp#get_server_info('infill-ls'),
  \ 'position': lsp#get_position(), 'response': g:completion.response})
  call Check(!empty(l:items.items), 'completion items: ' . len(l:items.items))
  call setline('.', strpart(getline('.'), 0, l:items.startcol - 1) . l:items.items[0].word)
  call Say('completed line: ' . getline('.'))

  call cursor(str2nr($STUB_LINE), 1)
  let l:before = getline(1, '$')
  LspCodeAction refactor.rewrite
  call Check(Wait('getline(1, "$") != ' . string(l:before), 15000), 'the action changed the buffer')
endfunction

call RunAfterStart(function('s:Main'))
