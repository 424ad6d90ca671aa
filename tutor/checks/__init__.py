"""Checks: each kind the lesson schema declares (tutor/lesson/schema.py) is a function from the real state to
a Verdict (run.py); each diagnosis a trigger may name is one in diagnoses.py. The schema lives in the lesson
package and is imported from there, never the other way round."""
