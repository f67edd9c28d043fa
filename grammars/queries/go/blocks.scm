; Function, method, closure, if/else, for, and bare `{ }` bodies are `block`
; (its statements sit in a statement_list child, which is not captured again).
(block) @block

; switch/select have no body node: the cases are direct children of the
; statement, and each case holds its statements, so the cases are the blocks.
(expression_case) @block
(type_case) @block
(communication_case) @block
(default_case) @block

; Struct fields and interface members. interface_type has no separate body
; node, so the whole `interface { ... }` is the block.
(field_declaration_list) @block
(interface_type) @block
