(function_declaration name: (identifier) @name) @definition
(generator_function_declaration name: (identifier) @name) @definition
(class_declaration name: (identifier) @name) @definition
(method_definition name: (_) @name) @definition

; Class fields holding a function: `handleClick = () => { ... }`.
(field_definition
  property: (_) @name
  value: [(arrow_function) (function_expression)]) @definition

; Top-level functions bound to a const: `export const f = () => { ... }`.
(program
  (lexical_declaration
    (variable_declarator
      name: (identifier) @name
      value: [(arrow_function) (function_expression) (generator_function)])) @definition)
(program
  (export_statement
    (lexical_declaration
      (variable_declarator
        name: (identifier) @name
        value: [(arrow_function) (function_expression) (generator_function)])) @definition))

; Top-level constants, recognised by the UPPER_CASE naming convention (the
; grammar cannot tell a constant from any other const binding).
(program
  (lexical_declaration
    kind: "const"
    (variable_declarator name: (identifier) @name)) @definition
  (#match? @name "^[A-Z][A-Z0-9_]+$"))
(program
  (export_statement
    (lexical_declaration
      kind: "const"
      (variable_declarator name: (identifier) @name)) @definition)
  (#match? @name "^[A-Z][A-Z0-9_]+$"))
