" Headless Vim 9 + ALE (Debian vim-ale 3.3) with infill-ls: ALE's completion request and
" parsing, then "Implement <name>" through ALE's code action path (a command, since ALE
" cannot resolve), which ends in the server's workspace/applyEdit; save.
" env: INFILL_CMD (a shell command line), INFILL_SETTINGS (JSON), INFILL_CLIENT_VIM, EDIT_FILE, REPORT, STUB_LINE.
" Exit: 0 ok, 1 a check failed.  (-es hides :echo, so the report goes to a file.)
function! s:Say(msg) abort
  call writefile([a:msg], $REPORT, 'a')
endfunction
function! s:Check(ok, what) abort
  if a:ok | call s:Say('ok: ' . a:what) | else | call s:Say('FAIL: ' . a:what) | cquit 1 | endif
endfunction
function! s:Wait(expr, ms) abort
  let l:n = 0
  while !eval(a:expr) && l:n < a:ms / 10 | sleep 10m | let l:n += 1 | endwhile
  return eval(a:expr)
endfunction

filetype on
let g:ale_completion_enabled = 0
let g:ale_lint_on_text_changed = 'never'
let g:ale_lint_on_insert_leave = 0
let g:ale_echo_cursor = 0
let g:ale_set_signs = 0
let g:ale_linters_explicit = 1
let g:ale_linters = {'javascript': ['infill-ls']}
packadd ale
" The shipped client config (clients/vim/infill-ale.vim), set up as a user would.
let g:infill_ls_command = $INFILL_CMD
let g:infill_ls_settings = json_decode($INFILL_SETTINGS).infill
let g:infill_ls_filetypes = ['javascript']
execute 'source ' . fnameescape($INFILL_CLIENT_VIM)
execute 'edit ' . fnameescape($EDIT_FILE)
call s:Check(&filetype ==# 'javascript', 'filetype ' . &filetype)
ALELint

" Completion through ALE's own request and parsing (it shows items only in insert mode).
call ale#util#Mode()
function! ale#util#Mode(...) abort
  return 'i'
endfunction
execute "normal! Goconst total = ad"
call ale#completion#GetCompletions('ale-callback', {'line': line('$'), 'column': len(getline('$')) + 1,
\ 'prefix': 'ad', 'callback': {items -> execute('let g:items = items')}})
call s:Check(s:Wait('exists("g:items") && !empty(g:items)', 10000), 'completion items parsed by ALE')
call s:Say('word: ' . g:items[0].word)
" What Vim's completion inserts for ALE: the word, over the typed prefix.
call setline('$', 'const total = ' . g:items[0].word)

" "Implement" through ALE's code action path: the command runs, the server sends applyEdit.
function! s:Menu(data, items) abort
  let g:menu_data = a:data
  let g:menu_items = a:items
endfunction
call cursor(str2nr($STUB_LINE), 1)
call ale#codefix#Execute(0, function('s:Menu'))
call s:Check(s:Wait('exists("g:menu_items")', 10000), 'code actions listed: ' . string(map(copy(get(g:, 'menu_items', [])), 'v:val[1].title')))
let s:before = getline(1, '$')
for s:it in g:menu_items
  if s:it[1].title =~# '^Implement '
    call ale#codefix#ApplyLSPCodeAction(g:menu_data, s:it[1])
  endif
endfor
call s:Check(s:Wait('getline(1, "$") != s:before', 15000), 'the implementation was applied')

" "Fix with AI" for what another linter reported: ALE sends the nearest error, from any linter.
let s:fix_line = search('jsn', 'nw')
call ale#other_source#ShowResults(bufnr(''), 'eslint', [{'lnum': s:fix_line, 'col': match(getline(s:fix_line), 'jsn') + 1,
\ 'end_col': match(getline(s:fix_line), 'jsn') + 3, 'text': '''jsn'' is not defined.', 'type': 'E', 'code': 'no-undef'}])
unlet g:menu_items
" On the line's indentation: ALE widens the range only over a word found before the cursor,
" and for an empty range it sends the nearest error on the line.
call cursor(s:fix_line, 1)
call ale#codefix#Execute(0, function('s:Menu'))
call s:Check(s:Wait('exists("g:menu_items")', 10000), 'code actions listed: ' . string(map(copy(get(g:, 'menu_items', [])), 'v:val[1].title')))
let s:before = getline(1, '$')
for s:it in g:menu_items
  if s:it[1].title =~# '^Fix with AI'
    call ale#codefix#ApplyLSPCodeAction(g:menu_data, s:it[1])
  endif
endfor
call s:Check(s:Wait('getline(1, "$") != s:before', 15000), 'the fix was applied')
write
qall!
