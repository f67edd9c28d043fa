; Method, lambda, initializer, if/else, loop, try/catch/finally bodies and
; bare `{ }` blocks.
(block) @block
; Constructor bodies are their own node type.
(constructor_body) @block

; Type bodies: classes (also records, anonymous classes, enum constants with
; bodies), interfaces, enums, annotation types, modules.
(class_body) @block
(interface_body) @block
(enum_body) @block
; Members of an enum after the constants' `;` sit in enum_body_declarations.
(enum_body_declarations) @block
(annotation_type_body) @block
(module_body) @block

; `switch (x) { ... }` holds the case groups; an old-style `case X:` group
; holds its statements directly. Arrow cases (`case X -> { }`) use a block.
(switch_block) @block
(switch_block_statement_group) @block
