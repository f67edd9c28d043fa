; Function, method, closure, if/else, for, and bare `{ }` bodies are `block`.
(block) @block
; The statements themselves sit in a statement_list (inside a block or a case),
; so that is captured too: a statement's parent must be a block.
(statement_list) @block

; switch/select have no body node: the cases are direct children of the
; statement (which is therefore the block for the cases, header included), and
; each case holds its statement_list.
(expression_switch_statement) @block
(type_switch_statement) @block
(select_statement) @block
(expression_case) @block
(type_case) @block
(communication_case) @block
(default_case) @block

; Struct fields and interface members. interface_type has no separate body
; node, so the whole `interface { ... }` is the block.
(field_declaration_list) @block
(interface_type) @block
