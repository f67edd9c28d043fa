;;; implement.el --- headless Emacs + Eglot: run "Implement <name>" on a stub, save -*- lexical-binding: t -*-
;; env: INFILL_CMD (JSON array), INFILL_SETTINGS (JSON), INFILL_CLIENT_EL, EDIT_FILE, LINE (1-based), MODE.
;; Exit: 0 ok, 1 a check failed, 2 Lisp error.  Works with Emacs 28 + elpa-eglot 1.9 and Emacs 29+.

;; Shared setup: report, checks, Eglot, infill-ls from clients/emacs (harness.el).
(load (expand-file-name "harness.el" (file-name-directory load-file-name)) nil t)

(defun sc-main ()
  (sc-open)
  (goto-char (point-min))
  (forward-line (1- (string-to-number (getenv "LINE"))))
  (let ((tick (buffer-modified-tick)))
    ;; A kind that matches exactly one action runs it without a menu.
    (eglot-code-actions (line-beginning-position) (line-end-position) "refactor.rewrite" t)
    (sc-check (sc-wait (lambda () (/= tick (buffer-modified-tick))) 20) "the action changed the buffer")))

(sc-run #'sc-main)
