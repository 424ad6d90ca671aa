"""The tutor's relay for the PTY benchmark: the learner's shell with marks, parsed and stripped."""
import sys

from tutor.live.shell import LearnerShell

shell = LearnerShell({"TUTOR_PS1": "learner$ "})
shell.interact(lambda prompt: b"")
shell.close()
sys.exit(0)
