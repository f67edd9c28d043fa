" infill-ls for Vim with ALE (dense-analysis/ale): source it from your vimrc after ALE is
" loaded: `source /path/to/infill-ls/clients/vim/infill-ale.vim`. ALE runs infill-ls as an
" LSP "linter" beside your other linters; completion, code actions (Implement, Fix with AI
" for the nearest error of any linter) come through ALE's own commands (:ALECodeAction).
let s:command = get(g:, 'infill_ls_command', 'infill-ls --stdio')
let s:settings = get(g:, 'infill_ls_settings', {'model': {'name': 'qwen2.5-coder:1.5b-base'}})
let s:filetypes = get(g:, 'infill_ls_filetypes', ['python', 'typescript', 'javascript', 'rust', 'go', 'c', 'cpp', 'java', 'ruby', 'php', 'sh', 'lua'])

for s:filetype in s:filetypes
  call ale#linter#Define(s:filetype, {
  \   'name': 'infill-ls',
  \   'lsp': 'stdio',
  \   'executable': {buffer -> split(s:command)[0]},
  \   'command': s:command,
  \   'project_root': {buffer -> fnamemodify(bufname(buffer), ':p:h')},
  \   'initialization_options': {'infill': s:settings},
  \   'lsp_config': {'infill': s:settings},
  \})
endfor
