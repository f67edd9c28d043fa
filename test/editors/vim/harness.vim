" What every headless Vim scenario needs: a report (-es hides :echo, so it goes to $REPORT),
" checks, waits that let jobs and timers run, and a Main run once Vim has started (after the
" user's vimrc, a README snippet written by the test, and the plugins it loads).
" Source it first; exit codes: 0 ok, 1 a check failed, 2 Vim script error.
function! Say(msg) abort
  call writefile([a:msg], $REPORT, 'a')
endfunction

function! Check(ok, what) abort
  if a:ok | call Say('ok: ' . a:what) | else | call Say('FAIL: ' . a:what) | cquit 1 | endif
endfunction

" Waits until the expression holds, or `ms` pass; job and timer callbacks run meanwhile.
function! Wait(expr, ms) abort
  let l:n = 0
  while !eval(a:expr) && l:n < a:ms / 10 | sleep 10m | let l:n += 1 | endwhile
  return eval(a:expr)
endfunction

" Types `keys` on a new last line (normal mode; a script cannot stay in insert mode).
function! TypeOnNewLine(keys) abort
  execute 'normal! Go' . a:keys
endfunction

" What Vim's completion does with a chosen item's word: replace the keyword before the cursor.
function! InsertWord(word) abort
  call setline('.', substitute(getline('.'), '\k*$', '', '') . a:word)
  call Say('completed line: ' . getline('.'))
endfunction

" Runs function `main` once Vim has started (nested: its :edit fires FileType and the rest),
" then writes the buffer and quits; an error exits 2.
function! RunAfterStart(main) abort
  let s:main = a:main
  augroup scenario
    autocmd!
    autocmd VimEnter * ++nested call s:Run()
  augroup END
endfunction

function! s:Run() abort
  try
    call call(s:main, [])
    write
  catch
    call Say('VIM ERROR: ' . v:exception . ' at ' . v:throwpoint)
    cquit 2
  endtry
  qall!
endfunction
