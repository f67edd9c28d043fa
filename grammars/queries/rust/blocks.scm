; Function, closure, if/else, loop/while/for, unsafe/async/const and
; match-arm bodies, and bare `{ }` blocks, are all `block`.
(block) @block

; impl, trait, mod and extern bodies.
(declaration_list) @block

; struct/union bodies (named fields) and enum variant lists.
(field_declaration_list) @block
(enum_variant_list) @block

; `match x { ... }` holds the arms.
(match_block) @block
