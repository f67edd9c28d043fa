; Functions whose body may be a stub. The code checks that the body holds only
; comments and @stub statements (or @todo comments), or nothing.
(function_item name: (identifier) @name body: (block) @body) @definition
; Closures with block bodies bound by `let` (`let parse = |s: &str| { todo!() };`).
(let_declaration pattern: (identifier) @name value: (closure_expression body: (block) @body)) @definition

; `todo!()` / `unimplemented!()`, with or without a message, as a statement
; (`todo!();`) or as the block's tail expression (`todo!()`); `std::todo!()` too.
(expression_statement
  (macro_invocation
    macro: [(identifier) @_macro (scoped_identifier name: (identifier) @_macro)])
  (#any-of? @_macro "todo" "unimplemented")) @stub
((macro_invocation
  macro: [(identifier) @_macro (scoped_identifier name: (identifier) @_macro)]) @stub
  (#any-of? @_macro "todo" "unimplemented"))

; `panic!("not implemented")` and the like: a panic whose message says so.
(expression_statement
  (macro_invocation
    macro: [(identifier) @_macro (scoped_identifier name: (identifier) @_macro)]
    (token_tree . [(string_literal) (raw_string_literal)] @_message))
  (#eq? @_macro "panic")
  (#match? @_message "([Nn]ot.?[Ii]mplemented|TODO|[Uu]nimplemented|[Ii]mplement me|[Nn]ot yet)")) @stub
((macro_invocation
  macro: [(identifier) @_macro (scoped_identifier name: (identifier) @_macro)]
  (token_tree . [(string_literal) (raw_string_literal)] @_message)) @stub
  (#eq? @_macro "panic")
  (#match? @_message "([Nn]ot.?[Ii]mplemented|TODO|[Uu]nimplemented|[Ii]mplement me|[Nn]ot yet)"))

([(line_comment) (block_comment)] @todo (#match? @todo "(TODO|FIXME|XXX|[Nn]ot [Ii]mplemented|[Ii]mplement me)"))
