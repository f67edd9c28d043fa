; Nodes whose children are statements or members: a cursor inside one of
; these is at a place where whole new lines of code can be written.

; Function, method, arrow and class-static bodies, if/else/loop/try/catch
; bodies, plain `{ }` blocks, and `namespace`/`declare module` bodies are all
; statement_block in this grammar.
(statement_block) @block

(class_body) @block
(interface_body) @block
(enum_body) @block

; `type T = { ... }` holds property signatures. Inline object types (in type
; arguments, parameter types) are not counted: they are usually one line.
(type_alias_declaration value: (object_type) @block)

; switch_body holds the cases; each case holds its statements directly.
(switch_body) @block
(switch_case) @block
(switch_default) @block
