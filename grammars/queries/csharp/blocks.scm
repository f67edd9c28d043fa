; Method, constructor, accessor, lambda, local function, if/else, loop,
; try/catch/finally, using/lock bodies and bare `{ }` blocks.
(block) @block

; Bodies of namespaces, classes, structs, interfaces and records.
(declaration_list) @block
(enum_member_declaration_list) @block

; `{ get { ... } set { ... } }` holds the accessors.
(accessor_list) @block

; `switch (x) { ... }` holds the sections; a `case X:` section holds its
; statements directly.
(switch_body) @block
(switch_section) @block
