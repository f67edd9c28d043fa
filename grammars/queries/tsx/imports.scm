; inherits: typescript
; TSX is TypeScript with JSX: the same imports.
