; Functions whose body may be a stub. The code checks that the body holds only
; docstrings, comments and @stub statements (or @todo comments).
(function_definition name: (identifier) @name body: (block) @body) @definition

; `pass`, `...`, and `raise NotImplementedError` / `raise NotImplementedError("...")`.
(pass_statement) @stub
(expression_statement (ellipsis)) @stub
(raise_statement (identifier) @_error (#eq? @_error "NotImplementedError")) @stub
(raise_statement (call function: (identifier) @_error) (#eq? @_error "NotImplementedError")) @stub

((comment) @todo (#match? @todo "(TODO|FIXME|XXX|[Nn]ot [Ii]mplemented|[Ii]mplement me)"))
