; @scope: a definition that encloses code; @scope.body: its body.
; The header of a function is its return type, name and parameters (with any
; `static`/`inline` in front); a body on the next line is trimmed off.
(function_definition body: (compound_statement) @scope.body) @scope
(struct_specifier body: (field_declaration_list) @scope.body) @scope
(union_specifier body: (field_declaration_list) @scope.body) @scope
(enum_specifier body: (enumerator_list) @scope.body) @scope
(linkage_specification body: (declaration_list) @scope.body) @scope
