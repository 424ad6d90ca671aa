"""Baseline for the PTY relay benchmark: bash under pexpect, relayed with no filter at all."""
import os
import sys

import pexpect

child = pexpect.spawn("bash", ["--norc", "-i"], env={**os.environ, "PS1": "learner$ "}, echo=True)
child.delaybeforesend = None
child.interact(escape_character=None)
sys.exit(0)
