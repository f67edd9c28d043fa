; Function bodies, if/else, loop and bare `{ }` blocks.
(compound_statement) @block

; `case X:` / `default:` hold their statements directly (the switch body is a
; compound_statement, captured above).
(case_statement) @block

; struct/union members and enumerators.
(field_declaration_list) @block
(enumerator_list) @block

; `extern "C" { ... }` bodies.
(declaration_list) @block
