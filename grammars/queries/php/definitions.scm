(function_definition name: (name) @name) @definition
(method_declaration name: (name) @name) @definition
(class_declaration name: (name) @name) @definition
(interface_declaration name: (name) @name) @definition
(trait_declaration name: (name) @name) @definition
(enum_declaration name: (name) @name) @definition

; `const MAX = 50;` at file level and class constants.
(const_declaration (const_element (name) @name)) @definition
