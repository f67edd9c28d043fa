; Functions whose body may be a stub. The code checks that the body holds only
; comments and @stub statements (or @todo comments). Bash has no empty body:
; `f() { }` is a syntax error, and `:` is the usual placeholder.
(function_definition name: (word) @name body: [(compound_statement) (subshell)] @body) @definition

; `:` on its own (no arguments: `: "${X:=default}"` is real code).
(command
  name: (command_name (word) @_noop)
  !argument
  (#eq? @_noop ":")) @stub

((comment) @todo (#match? @todo "(TODO|FIXME|XXX|[Nn]ot [Ii]mplemented|[Ii]mplement me)"))
