; Bodies of def/class/module/`class << self`, and of do...end blocks.
; Note: an empty body has no body_statement node at all.
(body_statement) @block

; `do |x| ... end` and `{ |x| ... }` blocks, captured as a whole so that an
; empty block still counts. The statements of a `{ }` block sit in a
; block_body child, captured too: a statement's parent must be a block.
(do_block) @block
(block) @block
(block_body) @block

; if/unless/elsif/when/in/rescue bodies are `then`; `else` and `ensure` hold
; their statements directly; while/until/for bodies are `do`.
(then) @block
(else) @block
(ensure) @block
(do) @block

; `begin ... rescue ... end` holds its statements directly.
(begin) @block

; `case x` has no body node: the `when`/`in` clauses are its direct children.
(case) @block
(case_match) @block
