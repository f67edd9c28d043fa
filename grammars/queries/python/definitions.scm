(function_definition name: (identifier) @name) @definition
(class_definition name: (identifier) @name) @definition

; Python 3.12 `type Alias = ...`.
(type_alias_statement left: (type (identifier) @name)) @definition

; Module-level constants, recognised by the UPPER_CASE naming convention.
(module
  (expression_statement
    (assignment left: (identifier) @name)) @definition
  (#match? @name "^[A-Z][A-Z0-9_]+$"))
