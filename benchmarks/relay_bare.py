"""Baseline for the PTY relay benchmark: bash under pexpect, relayed with no filter at all."""
import os
import sys

import pexpect

size = os.get_terminal_size(sys.stdin.fileno())  # the same size as the tutor's shell gets (terminal_size)
child = pexpect.spawn("bash", ["--norc", "-i"], env={**os.environ, "PS1": "learner$ "}, echo=True,
                      dimensions=(size.lines, size.columns))
child.delaybeforesend = None
child.interact(escape_character=None)
sys.exit(0)
