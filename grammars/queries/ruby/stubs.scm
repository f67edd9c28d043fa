; Methods whose body may be a stub. The code checks that the body holds only
; comments and @stub statements (or @todo comments).
; A method with an empty body (`def foo; end`), or with only comments, has no
; body_statement at all (the comments are children of the method), and an
; endless method (`def foo = raise NotImplementedError`) has an expression as
; its body: neither has a node whose children are the body's statements, so
; neither is matched.
(method name: (_) @name body: (body_statement) @body) @definition
(singleton_method name: (_) @name body: (body_statement) @body) @definition

; `raise NotImplementedError`, `raise NotImplementedError, "message"`,
; `raise(NotImplementedError)`, `fail NotImplementedError`.
(call
  !receiver
  method: (identifier) @_raise
  arguments: (argument_list . (constant) @_error)
  (#any-of? @_raise "raise" "fail")
  (#eq? @_error "NotImplementedError")) @stub

; `raise NotImplementedError.new("message")`.
(call
  !receiver
  method: (identifier) @_raise
  arguments: (argument_list . (call receiver: (constant) @_error method: (identifier) @_new))
  (#any-of? @_raise "raise" "fail")
  (#eq? @_error "NotImplementedError")
  (#eq? @_new "new")) @stub

; `raise "not implemented"` and the like: a RuntimeError whose message says so.
(call
  !receiver
  method: (identifier) @_raise
  arguments: (argument_list . (string) @_message .)
  (#any-of? @_raise "raise" "fail")
  (#match? @_message "([Nn]ot.?[Ii]mplemented|TODO|[Uu]nimplemented|[Ii]mplement me|[Nn]ot yet)")) @stub

((comment) @todo (#match? @todo "(TODO|FIXME|XXX|[Nn]ot [Ii]mplemented|[Ii]mplement me)"))
