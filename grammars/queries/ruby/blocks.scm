; Bodies of def/class/module/`class << self`, and of do...end blocks.
; Note: an empty body has no body_statement node at all.
(body_statement) @block

; `do |x| ... end` and `{ |x| ... }` blocks (the latter's statements sit in a
; block_body child, which is not captured again). Captured as a whole so that
; an empty block still counts.
(do_block) @block
(block) @block

; if/unless/elsif/when/in/rescue bodies are `then`; `else` and `ensure` hold
; their statements directly; while/until/for bodies are `do`.
(then) @block
(else) @block
(ensure) @block
(do) @block

; `begin ... rescue ... end` holds its statements directly.
(begin) @block
