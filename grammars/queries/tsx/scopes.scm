; inherits: typescript
; TSX is TypeScript with JSX: its scopes, and JSX handlers `onClick={() => { ... }}`.
(jsx_expression
  [
    (arrow_function body: (statement_block) @scope.body)
    (function_expression body: (statement_block) @scope.body)
  ] @scope)
