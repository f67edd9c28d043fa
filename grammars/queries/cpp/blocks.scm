; Function, lambda, if/else, loop, try/catch bodies and bare `{ }` blocks.
(compound_statement) @block

; `case X:` / `default:` hold their statements directly.
(case_statement) @block

; class/struct/union members (also after `public:` labels, which are
; siblings of the members, not containers) and enumerators.
(field_declaration_list) @block
(enumerator_list) @block

; namespace and `extern "C" { ... }` bodies.
(declaration_list) @block
