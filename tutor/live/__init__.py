"""The live lesson: one engine (engine.py) over the pure step rules (session.py) and the real state, driven by
interchangeable input sources: the learner's shell under a PTY (shell.py, marks.py), Docker's events and keys
(watch.py, keys.py), the tutor typing for a projector (demo.py), or a script of commands played headlessly
(headless.py). Each driver turns what happened into calls on the engine, which returns events
(events.py); rendering them is the UI's job, never this package's."""
