; inherits: typescript
; TSX is TypeScript with JSX: its scopes (JSX handlers `onClick={() => { ... }}` are
; function values, found by TypeScript's patterns).
