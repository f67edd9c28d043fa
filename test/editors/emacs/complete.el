;;; complete.el --- headless Emacs + Eglot: type, `completion-at-point', save -*- lexical-binding: t -*-
;; env: INFILL_CMD (JSON array), INFILL_SETTINGS (JSON), INFILL_CLIENT_EL, EDIT_FILE, MODE, KEYS.
;; Exit: 0 ok, 1 a check failed, 2 Lisp error.

;; Shared setup: report, checks, Eglot, infill-ls from clients/emacs (harness.el).
(load (expand-file-name "harness.el" (file-name-directory load-file-name)) nil t)

(defun sc-main ()
  (sc-open)
  (goto-char (point-max))
  ;; Real self-insert commands: post-command-hook runs, changes reach the server.
  (execute-kbd-macro (getenv "KEYS"))
  (sc-check (memq 'eglot-completion-at-point completion-at-point-functions) "eglot capf installed")
  ;; A sole candidate is inserted at once, and Eglot's exit function applies its textEdit.
  (completion-at-point))

(sc-run #'sc-main)
