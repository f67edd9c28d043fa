;;; harness.el --- what every headless Emacs + Eglot scenario needs -*- lexical-binding: t -*-
;; A report on stdout, checks, the user's init.el (a README snippet, written by the test)
;; loaded as Emacs starts, Eglot made to wait in batch, and the steps a user takes.
;; env: HOME (holds .emacs.d/init.el), EDIT_FILE.
;; Exit codes: 0 ok, 1 a check failed, 2 Lisp error.  Emacs 28 + elpa-eglot 1.9, and Emacs 29+.
(require 'cl-lib)

(defun sc-say (fmt &rest args) (princ (concat (apply #'format fmt args) "\n")))
(defun sc-check (ok what)
  (if ok (sc-say "ok: %s" what) (sc-say "FAIL: %s" what) (kill-emacs 1)))
(defun sc-wait (pred secs)
  "Pump process output until PRED is non-nil or SECS elapse."
  (let ((deadline (+ (float-time) secs)))
    (while (and (not (funcall pred)) (< (float-time) deadline))
      (accept-process-output nil 0.02))
    (funcall pred)))

;; What Emacs does at start and --batch does not: activate the installed packages (Debian's
;; elpa-eglot on Emacs 28; Eglot is built in from 29), then load the user's init file.
(when (< emacs-major-version 29) (package-activate-all))
(load (expand-file-name ".emacs.d/init.el" (getenv "HOME")) nil t)

(require 'eglot)
(require 'flymake)
(sc-say "emacs %s, eglot %s" emacs-version (locate-library "eglot"))
;; For batch only: connect before returning, no events buffer, send changes soon.
(setq eglot-sync-connect t
      eglot-connect-timeout 20
      eglot-autoshutdown nil
      eglot-send-changes-idle-time 0.1
      eglot-events-buffer-size 0)
(when (boundp 'eglot-events-buffer-config) (setq eglot-events-buffer-config '(:size 0 :format full)))
;; The user answers y to Eglot's questions ("Server wants to edit ... Proceed?"); each is reported.
(advice-add 'y-or-n-p :override
            (lambda (prompt &rest _) (sc-say "asked: %s" (car (split-string prompt "\n"))) t))

(defun sc-open ()
  "Visit EDIT_FILE (its mode chosen by Emacs) and start Eglot there as `M-x eglot' does."
  (find-file (getenv "EDIT_FILE"))
  (sc-say "major mode: %s" major-mode)
  ;; Interactive: a prompt ("Enter program to execute") reads the closed stdin and fails.
  (call-interactively #'eglot)
  (sc-check (sc-wait (lambda () (and (eglot-current-server) eglot--managed-mode)) 15) "eglot managing the buffer")
  (sc-say "server: %s, language id: %s"
          (mapconcat #'identity (process-command (jsonrpc--process (eglot-current-server))) " ")
          (if (fboundp 'eglot--languageId) (eglot--languageId) ; Eglot 1.17
            (eglot--language-id (eglot-current-server)))))

(defun sc-complete (keys)
  "Type KEYS at the end of the buffer, then `completion-at-point' there."
  (goto-char (point-max))
  ;; Real self-insert commands: post-command-hook runs, changes reach the server.
  (execute-kbd-macro keys)
  (sc-check (memq 'eglot-completion-at-point completion-at-point-functions) "eglot capf installed")
  ;; A sole candidate is inserted at once, and Eglot's exit function applies its textEdit.
  (completion-at-point)
  (sc-say "completed line: %s" (buffer-substring (line-beginning-position) (line-end-position))))

(defun sc-implement (line)
  "Run the refactor.rewrite action (Implement) on LINE and wait for its edit."
  (goto-char (point-min))
  (forward-line (1- line))
  (let ((tick (buffer-modified-tick)))
    ;; A kind that matches exactly one action runs it without a menu.
    (eglot-code-actions (line-beginning-position) (line-end-position) "refactor.rewrite" t)
    (sc-check (sc-wait (lambda () (/= tick (buffer-modified-tick))) 20) "the action changed the buffer")))

(defun sc-run (main)
  "Run MAIN, then save, shut the server down and exit 0; a Lisp error exits 2."
  (condition-case err
      (progn (funcall main)
             (save-buffer)
             (eglot-shutdown (eglot-current-server))
             (kill-emacs 0))
    (error (sc-say "LISP ERROR: %S" err) (kill-emacs 2))))
