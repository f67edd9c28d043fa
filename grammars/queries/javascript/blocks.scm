; Nodes whose children are statements or members: a cursor inside one of
; these is at a place where whole new lines of code can be written.

; Function, method, arrow and class-static bodies, if/else/loop/try/catch
; bodies and plain `{ }` blocks are all statement_block in this grammar.
(statement_block) @block

(class_body) @block

; switch_body holds the cases; each case holds its statements directly.
(switch_body) @block
(switch_case) @block
(switch_default) @block
