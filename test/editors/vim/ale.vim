" Headless Vim 9 + ALE (Debian vim-ale 3.3), set up by the user's vimrc: the file opened,
" infill-ls running as an ALE linter, ALE's completion request and parsing, "Implement <name>"
" and "Fix with AI" through ALE's code action path (commands, since ALE cannot resolve), which
" end in the server's workspace/applyEdit; save.
" env: EDIT_FILE, REPORT, and for each step (all optional): KEYS (typed on a new last line,
" then completed), STUB_LINE (1-based), FIX_WORD (a word another linter reports as undefined).
execute 'source ' . fnameescape(expand('<sfile>:p:h') . '/harness.vim')

function! InfillAttached() abort
  return !empty(filter(values(ale#lsp#GetConnections()),
  \ {_, c -> c.id =~# '^infill-ls:' && c.initialized && has_key(c.open_documents, bufnr(''))}))
endfunction

function! s:Menu(data, items) abort
  let g:menu_data = a:data
  let g:menu_items = a:items
endfunction

" Lists the code actions at the cursor through ALE and applies the one whose title matches.
function! s:CodeAction(title) abort
  unlet! g:menu_items
  call ale#codefix#Execute(0, function('s:Menu'))
  call Check(Wait('exists("g:menu_items")', 10000), 'code actions listed: ' . string(map(copy(get(g:, 'menu_items', [])), 'v:val[1].title')))
  let l:before = getline(1, '$')
  for l:item in g:menu_items
    if l:item[1].title =~# a:title
      call ale#codefix#ApplyLSPCodeAction(g:menu_data, l:item[1])
    endif
  endfor
  call Check(Wait('getline(1, "$") != ' . string(l:before), 15000), 'the action changed the buffer')
endfunction

function! s:Main() abort
  execute 'edit ' . fnameescape($EDIT_FILE)
  call Say('filetype: ' . &filetype . ', ALE linters: ' . join(map(ale#linter#Get(&filetype), 'v:val.name'), ' '))
  call Check(Wait('InfillAttached()', 10000), 'infill-ls attached')
  if !empty($KEYS)
    " ALE shows completions only in insert mode, which a script is never in.
    call ale#util#Mode() " loads the autoload file before its function is replaced
    function! ale#util#Mode(...) abort
      return 'i'
    endfunction
    call TypeOnNewLine($KEYS)
    call ale#completion#GetCompletions('ale-callback', {'line': line('.'), 'column': col('$'),
    \ 'prefix': matchstr(getline('.'), '\k*$'), 'callback': {items -> execute('let g:items = items')}})
    call Check(Wait('exists("g:items") && !empty(g:items)', 10000), 'completion items parsed by ALE')
    call InsertWord(g:items[0].word)
  endif
  if !empty($STUB_LINE)
    call cursor(str2nr($STUB_LINE), 1)
    call s:CodeAction('^Implement ')
  endif
  if !empty($FIX_WORD)
    " What another linter reported; ALE sends the nearest error of any linter with the request.
    let l:line = search($FIX_WORD, 'nw')
    let l:col = match(getline(l:line), $FIX_WORD) + 1
    call ale#other_source#ShowResults(bufnr(''), 'eslint', [{'lnum': l:line, 'col': l:col,
    \ 'end_col': l:col + len($FIX_WORD) - 1, 'text': '''' . $FIX_WORD . ''' is not defined.', 'type': 'E', 'code': 'no-undef'}])
    " On the line's indentation: ALE widens the range only over a word found before the cursor,
    " and for an empty range it sends the nearest error on the line.
    call cursor(l:line, 1)
    call s:CodeAction('^Fix with AI')
  endif
endfunction

call RunAfterStart(function('s:Main'))
